import { describe, expect, it } from "vitest";
import { flushBackoffMs, MIN_FLUSH_BACKOFF_MS } from "./audit";

describe("audit flush timing", () => {
  it("draws the wait at most up to a ceiling that doubles after each failed flush and is capped", () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 10, 100].map((failures) => flushBackoffMs(failures, 1_000, 60_000, top))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000,
    ]);
  });

  it("spreads the waits of objects that failed together over the whole range, never below the floor", () => {
    const waits = Array.from({ length: 1_000 }, () => flushBackoffMs(5, 1_000, 60_000));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(MIN_FLUSH_BACKOFF_MS);
    expect(Math.max(...waits)).toBeLessThanOrEqual(32_000);
    // Uniform over [0, 32 s]: a thousand draws fill each quarter.
    for (let quarter = 0; quarter < 4; quarter++) {
      const inQuarter = waits.filter((wait) => wait >= quarter * 8_000 && wait < (quarter + 1) * 8_000);
      expect(inQuarter.length).toBeGreaterThan(150);
    }
    expect(flushBackoffMs(3, 1_000, 60_000, () => 0)).toBe(MIN_FLUSH_BACKOFF_MS);
  });
});
