/** The shortest wait between two flush attempts, whatever the dice say. */
export const MIN_FLUSH_BACKOFF_MS = 50;

/**
 * The delay before the next flush after `failures` failed ones in a row: full
 * jitter, uniform in [floor, min(max, base × 2^failures)], so objects that
 * failed together (Postgres down for everyone) do not all retry together.
 */
export function flushBackoffMs(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 20));
  return Math.max(MIN_FLUSH_BACKOFF_MS, Math.round(random() * ceiling));
}
