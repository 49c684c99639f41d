/**
 * Decides whether a suite that needs a service runs. Without the service the suite is skipped
 * with a printed reason, except under CI=true, where a missing service is a failure: CI must
 * never pass by skipping the tests that matter.
 */
export function requireService(name: string, available: boolean, reason: string): boolean {
  if (available) return true;
  const message = `${name} unavailable: ${reason}`;
  if (process.env.CI === "true") {
    throw new Error(`${message} (CI=true: a missing service fails the run instead of skipping)`);
  }
  console.warn(`SKIPPED: ${message}`);
  return false;
}
