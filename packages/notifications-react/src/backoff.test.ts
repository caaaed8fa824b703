import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay } from "./backoff";

describe("backoff", () => {
  it("doubles the ceiling from 1 s with each attempt and never lets it pass 30 s", () => {
    const ceilings = Array.from({ length: 8 }, (_, attempt) => backoffCeiling(attempt));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoffCeiling(10_000)).toBe(30_000);
  });

  it("picks a delay anywhere between zero and the ceiling, as the random source says", () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.25)).toBe(2_000);
    expect(backoffDelay(3, () => 0.5)).toBe(4_000);
    expect(backoffDelay(3, () => 0.999_999)).toBeLessThan(8_000);
  });

  it("keeps every delay inside [0, ceiling) even when the random source misbehaves", () => {
    for (const value of [-1, 0, 0.5, 1, 2, Number.NaN]) {
      const delay = backoffDelay(6, () => value);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(30_000);
    }
  });

  it("spreads the delays of many clients over the whole window rather than one instant", () => {
    const delays = Array.from({ length: 500 }, () => backoffDelay(4));
    expect(new Set(delays).size).toBeGreaterThan(100);
    expect(Math.min(...delays)).toBeLessThan(4_000);
    expect(Math.max(...delays)).toBeGreaterThan(12_000);
    expect(Math.max(...delays)).toBeLessThan(16_000);
  });

  it("honours a custom initial delay and cap", () => {
    expect(backoffCeiling(0, { initialMs: 50, maxMs: 120 })).toBe(50);
    expect(backoffCeiling(2, { initialMs: 50, maxMs: 120 })).toBe(120);
  });
});
