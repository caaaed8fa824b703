import { listDurableObjectIds } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { signSession } from "@repo/auth";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { TEST_ADMIN_TOKEN, TEST_ALLOWED_ORIGIN } from "../constants";
import { BASE, connect, tokenFor, uniqueUser, upgradeRequest } from "../helpers";

async function objectCount() {
  return (await listDurableObjectIds(env.NOTIFICATIONS)).length;
}

function admin(body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` }) {
  return exports.default.fetch(`${BASE}/admin/notifications`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const announcementBody = (userIds: string[]) => ({
  userIds,
  type: "system.announcement",
  data: { title: "Maintenance", body: "Tonight at 22:00", severity: "warning" },
});

describe("the socket upgrade", () => {
  it("answers 401 without a session and touches no Durable Object", async () => {
    const before = await objectCount();
    const response = await upgradeRequest({});
    expect(response.status).toBe(401);
    expect(await objectCount()).toBe(before);
  });

  it("answers 401 for a forged, an expired or a garbled token, and ignores a user id in the query string", async () => {
    const user = uniqueUser();
    const forged = await signSession("another-secret-entirely-another-secret", { userId: user, name: user });
    const expired = await tokenFor(user, user, Math.floor(Date.now() / 1000) - 3_600, 60);
    for (const token of [forged, expired, "not.a.jwt", `${(await tokenFor(user)).slice(0, -4)}AAAA`]) {
      const response = await upgradeRequest({ Authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
    }
    const withQuery = await exports.default.fetch(`${BASE}/ws/notifications?userId=${user}`, {
      headers: { Upgrade: "websocket" },
    });
    expect(withQuery.status).toBe(401);
  });

  it("accepts the session from the __Host-session cookie outside development as well as from a Bearer header", async () => {
    const user = uniqueUser();
    const response = await upgradeRequest({ Cookie: `theme=dark; __Host-session=${await tokenFor(user)}` });
    expect(response.status).toBe(101);
    response.webSocket?.accept();
    response.webSocket?.close();
  });

  it("answers 401 to a plain `session` cookie outside development, where only __Host-session counts", async () => {
    const response = await upgradeRequest({ Cookie: `session=${await tokenFor(uniqueUser())}` });
    expect(response.status).toBe(401);
  });

  it("answers 403 for an Origin outside ALLOWED_ORIGINS and accepts a listed one", async () => {
    const token = await tokenFor(uniqueUser());
    const refused = await upgradeRequest({ Authorization: `Bearer ${token}`, Origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    const accepted = await upgradeRequest({ Authorization: `Bearer ${token}`, Origin: TEST_ALLOWED_ORIGIN });
    expect(accepted.status).toBe(101);
    accepted.webSocket?.accept();
    accepted.webSocket?.close();
  });

  it("answers 426 to a valid session that does not ask for an upgrade", async () => {
    const response = await exports.default.fetch(`${BASE}/ws/notifications`, {
      headers: { Authorization: `Bearer ${await tokenFor(uniqueUser())}` },
    });
    expect(response.status).toBe(426);
  });
});

describe("GET /health", () => {
  it("answers 200 with a small JSON body", async () => {
    const response = await exports.default.fetch(`${BASE}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, service: "notifications" });
  });
});

describe("POST /admin/notifications", () => {
  it("publishes an announcement to each user and answers their ids and seqs", async () => {
    const alice = uniqueUser("alice");
    const bob = uniqueUser("bob");
    const socket = await connect(alice);
    const response = await admin(announcementBody([alice, bob]));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { published: { userId: string; id: string; seq: number }[] };
    expect(body.published.map((entry) => [entry.userId, entry.seq])).toEqual([
      [alice, 1],
      [bob, 1],
    ]);
    const [frame] = await waitForNotifications(socket, 1, 2_000);
    expect(frame).toMatchObject({ id: body.published[0]?.id, type: "system.announcement" });
  });

  it("answers 401 to a missing or wrong token and publishes nothing", async () => {
    const user = uniqueUser();
    const before = await objectCount();
    expect((await admin(announcementBody([user]), {})).status).toBe(401);
    expect((await admin(announcementBody([user]), { Authorization: "Bearer wrong" })).status).toBe(401);
    expect(await objectCount()).toBe(before);
  });

  it("answers 400 with the zod issues to an invalid body and publishes nothing", async () => {
    const before = await objectCount();
    for (const body of [
      "{not json",
      { userIds: [], type: "system.announcement", data: { title: "t", body: "b", severity: "info" } },
      { userIds: ["u"], type: "group.invitation.received", data: {} },
      { userIds: ["u"], type: "system.announcement", data: { title: "t", body: "b", severity: "meh" } },
    ]) {
      const response = await admin(body);
      expect(response.status).toBe(400);
      const json = (await response.json()) as { issues?: unknown[] };
      expect(Array.isArray(json.issues)).toBe(true);
    }
    expect(await objectCount()).toBe(before);
  });

  it("publishes once for a request retried with the same Idempotency-Key", async () => {
    const user = uniqueUser();
    const headers = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "Idempotency-Key": "maint-2026-11-25" };
    const first = (await (await admin(announcementBody([user]), headers)).json()) as { published: { id: string }[] };
    const again = (await (await admin(announcementBody([user]), headers)).json()) as { published: { id: string }[] };
    expect(again.published[0]?.id).toBe(first.published[0]?.id);
  });

  it("answers 409 to an Idempotency-Key reused with a different body, and publishes nothing new", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const headers = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}`, "Idempotency-Key": "maint-2026-11-26" };
    const first = await admin(announcementBody([user]), headers);
    expect(first.status).toBe(200);
    const changed = { ...announcementBody([user]), data: { title: "Other", body: "Another text", severity: "info" } };
    const reused = await admin(changed, headers);
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: expect.stringMatching(/Idempotency-Key/) });
    await waitForNotifications(socket, 1, 2_000);
    await sleep(100);
    expect(socket.notifications()).toHaveLength(1);
  });
});
