import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  it("doubles from the base delay with each failure, between half and all of the step", () => {
    expect(retryDelayMs(1, 1_000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1_000, 60_000, () => 1)).toBe(1_000);
    expect(retryDelayMs(2, 1_000, 60_000, () => 1)).toBe(2_000);
    expect(retryDelayMs(4, 1_000, 60_000, () => 1)).toBe(8_000);
  });

  it("never waits longer than the cap, however many failures came before", () => {
    expect(retryDelayMs(50, 1_000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(10_000, 1_000, 60_000, () => 0.5)).toBe(45_000);
  });
});
