import { evictDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notificationLog } from "../../db/schema";
import {
  announcement,
  auditDb,
  BASE,
  connect,
  eventually,
  invitation,
  publish,
  stubFor,
  tokenFor,
  uniqueUser,
} from "../helpers";

async function preferencesRequest(userId: string | null, method: "GET" | "PUT", body?: unknown) {
  return exports.default.fetch(`${BASE}/api/preferences`, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(userId === null ? {} : { Authorization: `Bearer ${await tokenFor(userId)}` }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

function grant(groupId: string) {
  return {
    type: "group.admin.granted",
    data: { groupId, groupName: "Rocket Club", grantedById: "alice", grantedByName: "Alice" },
  } as const;
}

describe("preferences", () => {
  it("stores muted types and groups, answers them, and starts with nothing muted", async () => {
    const user = uniqueUser();
    expect(await (await preferencesRequest(user, "GET")).json()).toEqual({ muted: { types: [], groups: [] } });
    const put = await preferencesRequest(user, "PUT", {
      muted: { types: ["group.member.joined", "group.member.joined"], groups: ["g1"] },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ muted: { types: ["group.member.joined"], groups: ["g1"] } });
    expect(await (await preferencesRequest(user, "GET")).json()).toEqual({
      muted: { types: ["group.member.joined"], groups: ["g1"] },
    });
  });

  it("refuses invalid preferences with 400 and no session with 401, keeping what was stored", async () => {
    const user = uniqueUser();
    await preferencesRequest(user, "PUT", { muted: { types: [], groups: ["g1"] } });
    for (const body of ["{nope", { muted: { types: ["group.unknown"], groups: [] } }, { muted: { groups: [] } }, {}]) {
      expect((await preferencesRequest(user, "PUT", body)).status).toBe(400);
    }
    expect((await preferencesRequest(null, "GET")).status).toBe(401);
    expect((await preferencesRequest(null, "PUT", { muted: { types: [], groups: [] } })).status).toBe(401);
    expect(await (await preferencesRequest(user, "GET")).json()).toEqual({ muted: { types: [], groups: ["g1"] } });
  });

  it("mutes by group: stored as muted, sent to no socket, not unread, not pending, answered muted: true", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await preferencesRequest(user, "PUT", { muted: { types: [], groups: ["g-muted"] } });
    const muted = await publish(user, grant("g-muted"));
    expect(muted).toEqual({ id: expect.any(String), seq: 1, delivered: 0, muted: true });
    const heard = await publish(user, grant("g-other"));
    expect(heard).toMatchObject({ delivered: 1 });
    expect(heard.muted).toBeUndefined();
    await waitForNotifications(socket, 1, 2_000);
    await sleep(200);
    expect(socket.notifications().map((frame) => frame.id)).toEqual([heard.id]);
    const history = await stubFor(user).history(user, { limit: 10, before: null });
    expect(history.unread).toBe(1);
    expect(history.items.map((item) => [item.id, item.status])).toEqual([
      [heard.id, "pending"],
      [muted.id, "muted"],
    ]);
    // A muted one is never unread, so reading everything leaves it as it is.
    expect(await stubFor(user).markRead(user, { upToSeq: 2 })).toEqual({ unread: 0 });
  });

  it("mutes by type: a new socket gets no muted notification, neither as pending nor in a resume", async () => {
    const user = uniqueUser();
    await preferencesRequest(user, "PUT", { muted: { types: ["group.invitation.received"], groups: [] } });
    const muted = await publish(user, invitation(true));
    const heard = await publish(user, announcement());
    expect(muted.muted).toBe(true);
    const socket = await connect(user);
    socket.send({ type: "resume", afterSeq: 0 });
    await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    // Not even a resume sends a muted one; lastSeq covers its seq, so the client sees no gap to fill.
    expect(socket.notifications().map((frame) => frame.id)).toEqual([heard.id]);
    expect(socket.frames.at(-1)).toEqual({ type: "resumed", lastSeq: heard.seq, unread: 1 });
  });

  it("still mutes after the object was evicted, reading the stored preferences again", async () => {
    const user = uniqueUser();
    await preferencesRequest(user, "PUT", { muted: { types: [], groups: ["g-evicted"] } });
    await evictDurableObject(stubFor(user));
    expect((await publish(user, grant("g-evicted"))).muted).toBe(true);
    expect((await publish(user, grant("g-other"))).muted).toBeUndefined();
  });

  it("never mutes a critical announcement, even with announcements muted", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await preferencesRequest(user, "PUT", { muted: { types: ["system.announcement"], groups: [] } });
    const info = await publish(user, announcement("info"));
    const critical = await publish(user, {
      type: "system.announcement",
      data: { title: "Outage", body: "Everything is down.", severity: "critical" },
    });
    expect(info.muted).toBe(true);
    expect(critical).toMatchObject({ delivered: 1 });
    expect(critical.muted).toBeUndefined();
    const [frame] = await waitForNotifications(socket, 1, 2_000);
    expect(frame?.id).toBe(critical.id);
  });

  it("audits a muted notification in Postgres with status muted", async () => {
    const user = uniqueUser();
    await preferencesRequest(user, "PUT", { muted: { types: [], groups: ["g9"] } });
    const muted = await publish(user, grant("g9"));
    const rows = await eventually(
      () => auditDb().select().from(notificationLog).where(eq(notificationLog.id, muted.id)),
      (found) => found.length === 1,
    );
    expect(rows[0]).toMatchObject({ status: "muted", acknowledged: false, retryCount: 0, delivered: false });
  });
});
