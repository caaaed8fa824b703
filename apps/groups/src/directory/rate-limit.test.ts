import { describe, expect, it } from "vitest";
import { decideAction, horizonMs } from "./rate-limit";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const windows = [
  { limit: 30, ms: MINUTE },
  { limit: 300, ms: DAY },
];
const now = 10 * DAY;

describe("decideAction", () => {
  it("allows the 30th action in a minute and refuses the 31st until the first of them is a minute old", () => {
    const earlier = Array.from({ length: 29 }, (_, i) => now - 50_000 + i * 1_000);
    expect(decideAction(earlier, now, windows)).toEqual({ allowed: true });
    const thirty = [...earlier, now];
    expect(decideAction(thirty, now + 1, windows)).toEqual({ allowed: false, retryAfterMs: 9_999 });
    expect(decideAction(thirty, now + 10_000, windows)).toEqual({ allowed: true });
  });

  it("slides: 30 actions at the end of one minute still refuse one at the start of the next", () => {
    const burst = Array.from({ length: 30 }, () => now - 1_000);
    expect(decideAction(burst, now, windows)).toEqual({ allowed: false, retryAfterMs: 59_000 });
  });

  it("refuses the 301st action in a day even when the last minute is quiet, until the oldest is a day old", () => {
    const spread = Array.from({ length: 300 }, (_, i) => now - DAY + 3_600_000 + i * 60_000);
    expect(decideAction(spread, now, windows)).toEqual({ allowed: false, retryAfterMs: 3_600_000 });
    expect(decideAction(spread, now + 3_600_000, windows)).toEqual({ allowed: true });
  });

  it("answers the longer wait when both windows are full", () => {
    const full = [
      ...Array.from({ length: 270 }, (_, i) => now - DAY + 1_000 + i),
      ...Array.from({ length: 30 }, () => now - 1_000),
    ];
    expect(decideAction(full, now, windows)).toEqual({ allowed: false, retryAfterMs: 59_000 });
    const dayFirst = [...Array.from({ length: 300 }, () => now - 1_000)];
    expect(decideAction(dayFirst, now, windows)).toEqual({ allowed: false, retryAfterMs: DAY - 1_000 });
  });

  it("ignores actions older than every window, and the order the times come in", () => {
    const old = Array.from({ length: 1_000 }, () => now - DAY - 1);
    expect(decideAction(old, now, windows)).toEqual({ allowed: true });
    const shuffled = [now - 100, ...Array.from({ length: 29 }, () => now - 30_000)];
    expect(decideAction(shuffled.reverse(), now, windows)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(horizonMs(windows)).toBe(DAY);
  });
});
