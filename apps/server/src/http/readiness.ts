import { errorMessage } from "../error-message.js";

/** What one readiness check reports; extra fields (e.g. a relay's state) are passed through. */
export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

export interface ReadinessCheck {
  name: string;
  /** A failing critical check makes /readyz answer 503; a non-critical one is only reported. */
  critical: boolean;
  check(): Promise<CheckResult> | CheckResult;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * The checks behind /readyz. The app registers the database; other parts (the NATS relay)
 * add their own with `critical: false`, so NATS being down is reported without making the
 * hub unready: it keeps accepting writes and the outbox holds the events.
 */
export class Readiness {
  private readonly checks: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, CheckResult> }> {
    const results = await Promise.all(
      this.checks.map(async (check) => [check, await runWithTimeout(check)] as const),
    );
    const ready = results.every(([check, result]) => result.ok || !check.critical);
    return { ready, checks: Object.fromEntries(results.map(([check, result]) => [check.name, result])) };
  }
}

async function runWithTimeout(check: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}
