import { beforeEach, describe, expect, it } from "vitest";
import { loadLastSeq, saveLastSeq, seqStorageKey } from "./seq-storage";

beforeEach(() => sessionStorage.clear());

describe("the persisted resume point", () => {
  it("round-trips a seq per user", () => {
    saveLastSeq("bob", 12);
    saveLastSeq("alice", 3);
    expect(loadLastSeq("bob")).toBe(12);
    expect(loadLastSeq("alice")).toBe(3);
    expect(loadLastSeq("carol")).toBeNull();
  });

  it("ignores a stored value that is not a non-negative integer", () => {
    for (const bad of ["", "abc", "-1", "1.5", "1e400"]) {
      sessionStorage.setItem(seqStorageKey("bob"), bad);
      expect(loadLastSeq("bob")).toBeNull();
    }
  });
});
