import { describe, expect, it } from "vitest";
import { addReadMarks, NO_READ_MARKS, readAtOf } from "./read-marks";

describe("read marks", () => {
  it("resolves readAt from the item first, then an id mark, then an upToSeq mark, else unread", () => {
    const marks = addReadMarks(addReadMarks(NO_READ_MARKS, { ids: ["b"] }, 20), { upToSeq: 3 }, 30);
    expect(readAtOf({ id: "a", seq: 1, readAt: 10 }, marks)).toBe(10);
    expect(readAtOf({ id: "b", seq: 9 }, marks)).toBe(20);
    expect(readAtOf({ id: "c", seq: 3, readAt: null }, marks)).toBe(30);
    expect(readAtOf({ id: "d", seq: 4 }, marks)).toBeNull();
  });

  it("keeps the first time an id was read and never lowers the upToSeq mark", () => {
    const once = addReadMarks(NO_READ_MARKS, { ids: ["a"], upToSeq: 5 }, 10);
    const again = addReadMarks(once, { ids: ["a"], upToSeq: 2 }, 99);
    expect(again).toBe(once);
    expect(readAtOf({ id: "a", seq: 100 }, again)).toBe(10);
    expect(again.upToSeq).toBe(5);
  });
});
