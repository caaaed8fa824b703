import { describe, expect, it } from "vitest";
import { SeenIds } from "./seen-ids";

describe("SeenIds", () => {
  it("reports an id as new the first time and as seen every time after", () => {
    const seen = new SeenIds(10);
    expect(seen.add("a")).toBe(true);
    expect(seen.add("a")).toBe(false);
    expect(seen.add("a")).toBe(false);
    expect(seen.has("a")).toBe(true);
    expect(seen.has("b")).toBe(false);
  });

  it("forgets the oldest ids once it holds more than its limit", () => {
    const seen = new SeenIds(3);
    for (const id of ["a", "b", "c", "d"]) seen.add(id);
    expect(seen.size).toBe(3);
    expect(seen.has("a")).toBe(false);
    expect(["b", "c", "d"].every((id) => seen.has(id))).toBe(true);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new SeenIds(0)).toThrow(RangeError);
    expect(() => new SeenIds(1.5)).toThrow(RangeError);
  });
});
