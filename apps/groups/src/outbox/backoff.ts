/**
 * The delay before the next attempt of an outbox entry that has failed
 * `failures` times in a row: doubling from `baseMs`, capped at `maxMs`, with
 * "equal jitter" (half fixed, half random) so that many objects retrying
 * against the same receiver spread out without ever retrying in a tight loop.
 */
export function retryDelayMs(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
