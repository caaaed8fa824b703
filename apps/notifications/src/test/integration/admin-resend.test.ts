import { exports } from "cloudflare:workers";
import { waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notificationLog } from "../../db/schema";
import { TEST_ADMIN_TOKEN } from "../constants";
import { auditDb, BASE, connect, eventually, invitation, publish, uniqueUser } from "../helpers";
import { runRoundsToEnd } from "../rounds";

function admin(path: string, init: RequestInit = {}, token: string | null = TEST_ADMIN_TOKEN) {
  const headers = new Headers(init.headers);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  return exports.default.fetch(`${BASE}${path}`, { ...init, headers });
}

async function failedNotification() {
  const user = uniqueUser();
  const socket = await connect(user);
  const published = await publish(user, invitation());
  await waitForNotifications(socket, 1, 2_000);
  // Rounds 2 and 3, then the failure, each run as its alarm falls due (without waiting out the ack timeouts).
  await runRoundsToEnd(user);
  await waitForNotifications(socket, 3, 2_000);
  await eventually(
    () => auditDb().select().from(notificationLog).where(eq(notificationLog.id, published.id)),
    (rows) => rows[0]?.status === "failed",
  );
  return { user, socket, published };
}

describe("acting on failed notifications", () => {
  it("lists failed notifications newest first, a page at a time", async () => {
    const first = await failedNotification();
    const second = await failedNotification();
    const page = await admin("/admin/notifications?status=failed&limit=1");
    expect(page.status).toBe(200);
    const one = (await page.json()) as { items: { id: string; userId: string }[]; nextBefore: string | null };
    expect(one.items).toHaveLength(1);
    expect(one.items[0]).toMatchObject({
      id: second.published.id,
      userId: second.user,
      type: "group.invitation.received",
      status: "failed",
      retryCount: 2,
    });
    expect(one.nextBefore).not.toBeNull();
    const next = await admin(`/admin/notifications?status=failed&limit=1&before=${one.nextBefore}`);
    const two = (await next.json()) as { items: { id: string }[] };
    expect(two.items.map((item) => item.id)).toEqual([first.published.id]);
    expect((await admin("/admin/notifications?limit=0")).status).toBe(400);
    expect((await admin("/admin/notifications?before=yesterday")).status).toBe(400);
  });

  it("resends a failed notification as a new one to the same user's socket, once however often it is asked", async () => {
    const { socket, published } = await failedNotification();
    const response = await admin(`/admin/notifications/${published.id}/resend`, { method: "POST" });
    expect(response.status).toBe(200);
    const resent = (await response.json()) as { id: string; seq: number };
    expect(resent.id).not.toBe(published.id);
    expect(resent.seq).toBe(published.seq + 1);
    const frames = await waitForNotifications(socket, 4, 2_000);
    const frame = frames.at(-1);
    expect(frame).toMatchObject({ id: resent.id, seq: resent.seq, type: "group.invitation.received" });
    expect(frame?.data).toEqual(frames[0]?.data);

    const again = await admin(`/admin/notifications/${published.id}/resend`, { method: "POST" });
    expect(await again.json()).toEqual(resent);
  });

  it("refuses a resend without the token (401), of an unknown id (404) and of one that did not fail (409)", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    socket.send({ type: "ack", notificationId: published.id });
    await eventually(
      () => auditDb().select().from(notificationLog).where(eq(notificationLog.id, published.id)),
      (rows) => rows[0]?.status === "acked",
    );
    const path = `/admin/notifications/${published.id}/resend`;
    expect((await admin(path, { method: "POST" }, null)).status).toBe(401);
    expect((await admin(`/admin/notifications/${crypto.randomUUID()}/resend`, { method: "POST" })).status).toBe(404);
    expect((await admin("/admin/notifications/not-a-uuid/resend", { method: "POST" })).status).toBe(404);
    const refused = await admin(path, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: "only a failed notification can be resent; this one is acked" });
    expect(socket.notifications()).toHaveLength(1);
  });
});
