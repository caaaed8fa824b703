import { describe, expect, it } from "vitest";
import { canonicalJson, publishFingerprint } from "./fingerprint";

describe("publish fingerprints", () => {
  it("writes the same canonical JSON whatever the order of object keys", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it("gives the same fingerprint to the same input and a different one when type, data or requiresAck differ", async () => {
    const base = { type: "system.announcement", data: { title: "t", body: "b" }, requiresAck: false };
    const same = await publishFingerprint({
      requiresAck: false,
      data: { body: "b", title: "t" },
      type: "system.announcement",
    });
    expect(await publishFingerprint(base)).toBe(same);
    expect(await publishFingerprint({ ...base, type: "group.invitation.received" })).not.toBe(same);
    expect(await publishFingerprint({ ...base, data: { title: "t", body: "c" } })).not.toBe(same);
    expect(await publishFingerprint({ ...base, requiresAck: true })).not.toBe(same);
  });
});
