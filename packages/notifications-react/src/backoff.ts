export interface BackoffOptions {
  /** Ceiling of the first retry's delay. */
  initialMs: number;
  /** No delay is ever longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000 };

/** The exponential ceiling for the `attempt`-th retry (0-based), capped at `maxMs`. */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
}

/**
 * "Full jitter": a uniform delay in [0, ceiling). Every tab that lost the same
 * server picks its own moment, so they do not all come back in one burst.
 * `random` is injectable so tests can pin the jitter.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const value = random();
  const unit = Number.isFinite(value) ? Math.min(Math.max(value, 0), 1 - Number.EPSILON) : 0;
  return Math.floor(unit * backoffCeiling(attempt, options));
}
