import { evictDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import type { ReadFrame } from "@repo/notifications";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { announcement, BASE, connect, invitation, publish, stubFor, tokenFor, uniqueUser } from "../helpers";

type Recording = Awaited<ReturnType<typeof connect>>;

/** A socket that has resumed (§4.1), so it gets read frames and readAt. */
async function resumedSocket(userId: string): Promise<Recording> {
  const socket = await connect(userId);
  socket.send({ type: "resume" });
  await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
  return socket;
}

function readFrames(socket: Recording): ReadFrame[] {
  return socket.frames.filter((frame): frame is ReadFrame => frame.type === "read");
}

async function postRead(userId: string, body: unknown) {
  return exports.default.fetch(`${BASE}/api/notifications/read`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${await tokenFor(userId)}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("read state", () => {
  it("marks read by ids, answers the unread count, and ignores unknown and already read ids", async () => {
    const user = uniqueUser();
    const a = await publish(user, announcement("a"));
    const b = await publish(user, announcement("b"));
    await publish(user, announcement("c"));

    const first = await postRead(user, { ids: [a.id, "not-a-notification"] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ unread: 2 });
    const again = await postRead(user, { ids: [a.id] });
    expect(await again.json()).toEqual({ unread: 2 });
    expect(await stubFor(user).markRead(user, { ids: [b.id] })).toEqual({ unread: 1 });
  });

  it("marks read every notification up to a seq, and a second time changes nothing", async () => {
    const user = uniqueUser();
    await publish(user, announcement("a"));
    const b = await publish(user, invitation());
    await publish(user, announcement("c"));
    expect(await (await postRead(user, { upToSeq: b.seq })).json()).toEqual({ unread: 1 });
    expect(await (await postRead(user, { upToSeq: b.seq })).json()).toEqual({ unread: 1 });
    const page = await stubFor(user).history(user, { limit: 10, before: null });
    expect(page.items.map((item) => item.readAt !== null)).toEqual([false, true, true]);
  });

  it("sends the read frame to every resumed socket of the user at once, and to no other user's socket and no v1 socket", async () => {
    const user = uniqueUser();
    const other = uniqueUser("other");
    const tab1 = await resumedSocket(user);
    const tab2 = await resumedSocket(user);
    const v1 = await connect(user);
    const stranger = await resumedSocket(other);
    const a = await publish(user, announcement("a"));
    await publish(user, announcement("b"));
    await publish(other, announcement("theirs"));
    await waitForNotifications(tab2, 2, 2_000);
    await waitForNotifications(v1, 2, 2_000);

    tab1.send({ type: "read", ids: [a.id] });
    await tab2.until((s) => readFrames(s).length === 1, 2_000, "read frame in the other tab");
    await tab1.until((s) => readFrames(s).length === 1, 2_000, "read frame in the reading tab");
    expect(readFrames(tab2)[0]).toEqual({ type: "read", ids: [a.id], readAt: expect.any(Number), unread: 1 });

    expect(await (await postRead(user, { upToSeq: 10 })).json()).toEqual({ unread: 0 });
    await tab1.until((s) => readFrames(s).length === 2, 2_000, "read frame of the POST");
    expect(readFrames(tab1)[1]).toMatchObject({ type: "read", upToSeq: 10, unread: 0 });
    await sleep(200);
    expect(v1.frames.filter((frame) => frame.type !== "pong").map((frame) => frame.type)).toEqual([
      "system.announcement",
      "system.announcement",
    ]);
    expect(readFrames(stranger)).toEqual([]);
    expect(await stubFor(other).history(other, { limit: 10, before: null })).toMatchObject({ unread: 1 });
  });

  it("gives resumed sockets readAt on notification frames and leaves v1 frames exactly as in version 1", async () => {
    const user = uniqueUser();
    const resumed = await resumedSocket(user);
    const v1 = await connect(user);
    await publish(user, announcement("a"));
    const [toResumed] = await waitForNotifications(resumed, 1, 2_000);
    const [toV1] = await waitForNotifications(v1, 1, 2_000);
    expect(toResumed).toMatchObject({ readAt: null });
    expect(toV1 && "readAt" in toV1).toBe(false);
    expect(Object.keys(toV1 ?? {}).sort()).toEqual(["data", "id", "requiresAck", "seq", "timestamp", "type"]);

    await postRead(user, { ids: [toResumed?.id] });
    const late = await connect(user);
    late.send({ type: "resume", afterSeq: 0 });
    await late.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(late.notifications()[0]?.readAt).toEqual(expect.any(Number));
    expect(late.frames.at(-1)).toEqual({ type: "resumed", lastSeq: 1, unread: 0 });
  });

  it("keeps read state and a socket's resumed mark across an eviction of the object", async () => {
    const user = uniqueUser();
    const tab = await resumedSocket(user);
    const a = await publish(user, announcement("a"));
    await publish(user, announcement("b"));
    await postRead(user, { ids: [a.id] });
    await tab.until((s) => readFrames(s).length === 1, 2_000, "first read frame");
    await evictDurableObject(stubFor(user));

    expect(await (await postRead(user, { upToSeq: 2 })).json()).toEqual({ unread: 0 });
    await tab.until((s) => readFrames(s).length === 2, 2_000, "read frame after the eviction");
    const page = await stubFor(user).history(user, { limit: 10, before: null });
    expect(page.items.map((item) => item.readAt !== null)).toEqual([true, true]);
  });

  it("answers a read frame that changes nothing to the asking socket only", async () => {
    const user = uniqueUser();
    const tab1 = await resumedSocket(user);
    const tab2 = await resumedSocket(user);
    tab1.send({ type: "read", ids: ["unknown"] });
    await tab1.until((s) => readFrames(s).length === 1, 2_000, "answer");
    expect(readFrames(tab1)[0]).toMatchObject({ unread: 0 });
    await sleep(200);
    expect(readFrames(tab2)).toEqual([]);
  });

  it("refuses a read without a session (401) and an invalid body (400), changing nothing", async () => {
    const user = uniqueUser();
    await publish(user, announcement());
    const anonymous = await exports.default.fetch(`${BASE}/api/notifications/read`, {
      method: "POST",
      body: JSON.stringify({ upToSeq: 5 }),
    });
    expect(anonymous.status).toBe(401);
    for (const body of ["{not json", { upToSeq: -1 }, { ids: [] }, {}, { ids: "x" }]) {
      expect((await postRead(user, body)).status).toBe(400);
    }
    const socket = await connect(user);
    socket.send({ type: "read" });
    await socket.until((s) => s.errors().length === 1, 2_000, "error frame");
    expect(await stubFor(user).history(user, { limit: 10, before: null })).toMatchObject({ unread: 1 });
  });
});
