import { describe, expect, it } from "vitest";
import { EventType, eventDefinitions } from "./events.ts";
import { isMuted, NO_PREFERENCES, Preferences } from "./inbox.ts";

const grant = {
  type: "group.admin.granted",
  data: { groupId: "g1", groupName: "Rocket Club", grantedById: "alice", grantedByName: "Alice" },
} as const;

describe("preferences", () => {
  it("gives every group event a groupId in its data, which muting a group relies on", () => {
    const groupTypes = EventType.options.filter((type) => type.startsWith("group."));
    expect(groupTypes.length).toBeGreaterThan(0);
    for (const type of groupTypes) expect(Object.keys(eventDefinitions[type].data.shape)).toContain("groupId");
  });

  it("mutes an event by its type or by its group, and nothing when nothing is muted", () => {
    expect(isMuted(NO_PREFERENCES, grant)).toBe(false);
    expect(isMuted({ muted: { types: ["group.admin.granted"], groups: [] } }, grant)).toBe(true);
    expect(isMuted({ muted: { types: [], groups: ["g1"] } }, grant)).toBe(true);
    expect(isMuted({ muted: { types: [], groups: ["g2"] } }, grant)).toBe(false);
  });

  it("never mutes a critical announcement, but mutes other announcements by type", () => {
    const muted = { muted: { types: ["system.announcement" as const], groups: [] } };
    const announcement = (severity: "info" | "critical") =>
      ({ type: "system.announcement", data: { title: "t", body: "b", severity } }) as const;
    expect(isMuted(muted, announcement("critical"))).toBe(false);
    expect(isMuted(muted, announcement("info"))).toBe(true);
  });

  it("refuses preferences with an unknown event type", () => {
    expect(Preferences.safeParse({ muted: { types: ["group.nope"], groups: [] } }).success).toBe(false);
    expect(Preferences.safeParse({ muted: { types: [], groups: ["g1"] } }).success).toBe(true);
  });
});
