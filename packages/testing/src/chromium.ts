import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { requireService } from "./require-service.js";

/** Debian's Chromium (`apt-get install -y chromium`); CHROMIUM_BIN overrides. */
const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/** True when browser suites can run; skipped with a reason otherwise, a failure under CI=true. */
export function chromiumAvailable(): boolean {
  return requireService(
    "chromium",
    existsSync(CHROMIUM),
    `no browser at ${CHROMIUM} (Debian: apt-get install -y chromium; or set CHROMIUM_BIN)`,
  );
}

/**
 * Starts the system Chromium headless. The flags keep it from reaching out on its own
 * (updates, background fetches), so the only requests are the ones a test's page makes.
 */
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
