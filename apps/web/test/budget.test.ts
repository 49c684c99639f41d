import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { WEB_DIST } from "./support/hub.js";

/** The initial JavaScript a first visit downloads, gzipped, must stay under this. */
const BUDGET_BYTES = 200_000;

/** The scripts index.html loads before anything renders: module entries and their preloads. */
function initialScripts(html: string): string[] {
  const sources: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\ssrc="([^"]+)"/.exec(tag)?.[1];
    if (src) sources.push(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (!/\srel="modulepreload"/.test(tag)) continue;
    const href = /\shref="([^"]+)"/.exec(tag)?.[1];
    if (href) sources.push(href);
  }
  return sources;
}

describe("the dashboard's bundle budget", () => {
  it(`loads under ${BUDGET_BYTES / 1000} kB of gzipped JavaScript at first`, () => {
    const indexPath = join(WEB_DIST, "index.html");
    if (!existsSync(indexPath)) throw new Error(`no build at ${WEB_DIST}: run the web app's build first`);
    const scripts = initialScripts(readFileSync(indexPath, "utf8"));
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const src of scripts) {
      // Served from the hub itself: a CDN URL would be a failure of its own.
      expect(src).toMatch(/^\/assets\//);
      total += gzipSync(readFileSync(join(WEB_DIST, src))).length;
    }
    console.info(`initial JavaScript: ${scripts.length} file(s), ${(total / 1000).toFixed(1)} kB gzipped`);
    expect(total).toBeLessThan(BUDGET_BYTES);
  });
});
