import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

/** Screenshots of each view: a test artefact, gitignored. */
const ARTIFACTS = fileURLToPath(new URL("../artifacts", import.meta.url));

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Every /trpc request the page makes, and every console message, so tests can count the
 * requests behind a view and check that a token never appears in a URL or a log line.
 */
export function recordTraffic(page: Page) {
  const trpcUrls: string[] = [];
  const allUrls: string[] = [];
  const consoleLines: string[] = [];
  page.on("request", (request) => {
    allUrls.push(request.url());
    if (new URL(request.url()).pathname.startsWith("/trpc/")) trpcUrls.push(request.url());
  });
  page.on("console", (message) => consoleLines.push(message.text()));
  page.on("pageerror", (error) => consoleLines.push(`pageerror: ${error.message}`));
  return { trpcUrls, allUrls, consoleLines };
}
