/** Exponential backoff with full jitter: a failing relay spreads its retries instead of hammering. */
export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  baseMs: number;
  /** Upper bound of any delay, in ms; the stream's duplicate window must be well above it. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 120_000 };

/** The ceiling for the n-th consecutive failure (n ≥ 1): base·2^(n−1), capped. */
export function backoffCeiling(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/** A delay drawn uniformly from [0, ceiling] ("full jitter"). */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.round(random() * backoffCeiling(failures, policy));
}
