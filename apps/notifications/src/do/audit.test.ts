import { describe, expect, it } from "vitest";
import { flushBackoffMs } from "./audit";

describe("audit flush timing", () => {
  it("doubles the wait after each failed flush, up to the ceiling", () => {
    expect([0, 1, 2, 3, 10, 100].map((failures) => flushBackoffMs(failures, 1_000, 60_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000,
    ]);
  });
});
