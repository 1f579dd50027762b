// The retry schedule of webhook deliveries (docs/notifications.md, "Retries"): pure, so unit tests check the
// waits the docs state against the very function the delivery loop uses.

export interface RetryPolicy {
  /** The wait after the first failed attempt; it doubles after each further failure. */
  initialBackoffMs: number;
  /** The longest wait between two attempts. */
  maxBackoffMs: number;
  /** A delivery still failing this long after it was made is given up (FAILED). */
  giveUpAfterMs: number;
}

export const RETRY_POLICY: RetryPolicy = {
  initialBackoffMs: 10_000,
  maxBackoffMs: 60 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
};

/**
 * The wait after the `attempt`-th failed attempt: exponential, capped, with "equal jitter" (half fixed,
 * half random) so receivers coming back up are not hit by every sender at the same instant.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.initialBackoffMs * 2 ** (attempt - 1), policy.maxBackoffMs);
  return Math.round(base / 2 + (random() * base) / 2);
}
