import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireService } from "@statehub/testing";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_BIN overrides. */
export const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/** Screenshots of each view: a test artefact, gitignored. */
export const ARTIFACTS = fileURLToPath(new URL("../artifacts", import.meta.url));

/** True when the browser suites can run; skipped with a reason otherwise, a failure under CI=true. */
export function chromiumAvailable(): boolean {
  return requireService(
    "chromium",
    existsSync(CHROMIUM),
    `no browser at ${CHROMIUM} (Debian: apt-get install -y chromium; or set CHROMIUM_BIN)`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}

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
