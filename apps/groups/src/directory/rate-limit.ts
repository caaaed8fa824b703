/** At most `limit` actions in any `ms` milliseconds. */
export interface RateWindow {
  limit: number;
  ms: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Whether one more action at `now` stays within every window, given the
 * times of the actions already allowed (any order). Sliding windows: the
 * count is of the actions in the `ms` before `now`, so no window boundary
 * lets a burst of twice the limit through. When refused, `retryAfterMs` is
 * how long until enough of those actions have aged out of every window that
 * is full.
 */
export function decideAction(actions: readonly number[], now: number, windows: readonly RateWindow[]): RateDecision {
  let retryAfterMs = 0;
  for (const { limit, ms } of windows) {
    const inWindow = actions.filter((at) => at > now - ms).sort((a, b) => a - b);
    if (inWindow.length < limit) continue;
    // The action whose ageing out brings the window's count below the limit.
    const freeing = inWindow[inWindow.length - limit] ?? now;
    retryAfterMs = Math.max(retryAfterMs, freeing + ms - now);
  }
  return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
}

/** How long the longest window looks back: older actions can be forgotten. */
export function horizonMs(windows: readonly RateWindow[]): number {
  return Math.max(0, ...windows.map((window) => window.ms));
}
