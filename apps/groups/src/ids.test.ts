import { describe, expect, it } from "vitest";
import { groupIdOf, newChildId, newGroupId } from "./ids";

describe("ids", () => {
  it("finds the group that owns an invitation or join request id", () => {
    const groupId = newGroupId();
    expect(groupIdOf(newChildId(groupId))).toBe(groupId);
  });

  it("answers null for ids that cannot be ours", () => {
    const groupId = newGroupId();
    for (const id of ["", "nope", groupId, `${groupId}.x`, `x.${crypto.randomUUID()}`, `${newChildId(groupId)}.1`]) {
      expect(groupIdOf(id)).toBeNull();
    }
  });
});
