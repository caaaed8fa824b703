import {
  CLOSE_RATE_LIMITED,
  CLOSE_RATE_LIMITED_REASON,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_TOO_MANY_CONNECTIONS_REASON,
} from "@repo/notifications";
import { type RecordingSocket, sleep, waitForMessages, waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationLog } from "../../db/schema";
import {
  announcement,
  auditDb,
  closeOf,
  connect,
  eventually,
  invitation,
  publish,
  setPostgres,
  sqlIn,
  uniqueUser,
} from "../helpers";

// The limits of the test run: the defaults (config.ts), except OUTBOX_MAX_ROWS (vitest.config.ts).
const MAX_SOCKETS = 20;
const BURST = 60;
const MAX_PENDING = 500;
const RECONNECT_LIMIT = 100;
const OUTBOX_MAX = 1_500;

/** A ping the auto-response does not match byte for byte, so it reaches the object like any other frame. */
const SPACED_PING = '{ "type" : "ping" }';

function statusOf(userId: string, id: string) {
  return sqlIn<{ status: string }>(userId, "SELECT status FROM notifications WHERE id = ?", id).then(
    (rows) => rows[0]?.status ?? null,
  );
}

function statusCounts(userId: string) {
  return sqlIn<{ status: string; n: number }>(
    userId,
    "SELECT status, COUNT(*) AS n FROM notifications GROUP BY status ORDER BY status",
  );
}

afterEach(async () => {
  await setPostgres("up");
});

describe("sockets per user", () => {
  it("closes the oldest socket with 4008 'too many connections' when a new one goes over 20, and serves all the others", async () => {
    const user = uniqueUser();
    const sockets: RecordingSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS; i++) sockets.push(await connect(user));
    const [oldest, ...rest] = sockets;
    if (!oldest) throw new Error("no sockets");
    const closed = closeOf(oldest);
    const pending = await publish(user, invitation());

    const newest = await connect(user);
    expect(await closed).toEqual({ code: CLOSE_TOO_MANY_CONNECTIONS, reason: CLOSE_TOO_MANY_CONNECTIONS_REASON });

    const result = await publish(user, announcement());
    expect(result.delivered).toBe(MAX_SOCKETS);
    for (const socket of [...rest, newest]) await waitForNotifications(socket, 2, 2_000);
    // The newest got the pending invitation at connect, like every other open socket at publish.
    expect(newest.notifications().map((frame) => frame.id)).toEqual([pending.id, result.id]);
    expect(oldest.notifications().map((frame) => frame.id)).toEqual([pending.id]);
  });
});

describe("client frames per socket", () => {
  it("answers a frame over the rate limit with an error frame, does not process it, and keeps the socket open", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    await waitForNotifications(socket, 1, 2_000);

    for (let i = 0; i < BURST + 40; i++) socket.send(SPACED_PING);
    socket.send({ type: "ack", notificationId: published.id });
    await socket.until((s) => s.frames.length >= BURST + 41 + 1, 5_000, "an answer to every frame");
    const errors = socket.errors();
    // About 40 refused: a token or two trickles back while the 100 frames are served.
    expect(errors.length).toBeGreaterThanOrEqual(30);
    for (const error of errors) expect(error.message).toMatch(/^rate limit exceeded/);
    // The ack came last, with the bucket empty: refused, so the invitation still waits.
    expect(socket.frames.at(-1)).toMatchObject({ type: "error" });
    expect(await statusOf(user, published.id)).toBe("pending");

    await sleep(300);
    socket.send({ type: "ack", notificationId: published.id });
    await eventually(
      () => statusOf(user, published.id),
      (status) => status === "acked",
    );
    expect(socket.closed).toBe(false);
  });

  it("never limits a tab for acking what it received, though another tab acked each one first", async () => {
    const user = uniqueUser();
    const [first, second] = [await connect(user), await connect(user)];
    const published = [];
    // More than twice the burst: without a refund for the second tab's acks it would be closed (1008).
    for (let i = 0; i < 2 * BURST + 20; i++) published.push(await publish(user, invitation()));
    const received = (socket: RecordingSocket) => new Set(socket.notifications().map((frame) => frame.id)).size;
    await second.until((s) => received(s) === published.length, 5_000, "every invitation");
    for (const { id } of published) first.send({ type: "ack", notificationId: id });
    const last = published.at(-1)?.id ?? "";
    await eventually(
      () => statusOf(user, last),
      (status) => status === "acked",
    );
    for (const { id } of published) second.send({ type: "ack", notificationId: id });
    // Answered by the object, after every ack before it.
    second.send(SPACED_PING);
    await second.until((s) => s.frames.some((frame) => frame.type === "pong"), 5_000, "pong");
    expect(second.errors()).toEqual([]);
    expect(second.closed).toBe(false);
    expect(first.errors()).toEqual([]);
  });

  it("does not count pings answered by the runtime's auto-response", async () => {
    const socket = await connect(uniqueUser());
    for (let i = 0; i < 5 * BURST; i++) socket.send({ type: "ping" });
    const pongs = await waitForMessages(socket, 5 * BURST, 5_000);
    expect(pongs.every((frame) => frame.type === "pong")).toBe(true);
    socket.send({ type: "resume" });
    await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(socket.errors()).toEqual([]);
    expect(socket.closed).toBe(false);
  });

  it("closes with 1008 a socket that floods frames, and keeps serving the user's other sockets and other users", async () => {
    const user = uniqueUser();
    const other = uniqueUser();
    const flooder = await connect(user);
    const sibling = await connect(user);
    const bystander = await connect(other);
    const closed = closeOf(flooder);
    for (let i = 0; i < 500; i++) flooder.send(`garbage ${i}`);

    expect(await closed).toEqual({ code: CLOSE_RATE_LIMITED, reason: CLOSE_RATE_LIMITED_REASON });
    // The burst was served (each garbage frame answered as such), then refusals, then the close.
    const messages = flooder.errors().map((error) => error.message);
    expect(messages.slice(0, BURST).filter((message) => !/not JSON/.test(message))).toEqual([]);
    // Past the burst: refusals, with the odd frame served as tokens trickle back.
    expect(messages.filter((message) => !/not JSON|^rate limit exceeded/.test(message))).toEqual([]);
    expect(messages.filter((message) => /^rate limit exceeded/.test(message)).length).toBeGreaterThanOrEqual(BURST);
    expect(messages.length).toBeLessThan(3 * BURST);

    await publish(user, announcement());
    await publish(other, announcement());
    await waitForNotifications(sibling, 1, 2_000);
    await waitForNotifications(bystander, 1, 2_000);
    expect(sibling.errors()).toEqual([]);
    expect(sibling.closed).toBe(false);
  });
});

describe("pending notifications per user", () => {
  it("marks the oldest of 1,000 invitations to an offline user failed past 500, sends 100 in the connect event, and gets every one to the client", async () => {
    const user = uniqueUser();
    const ids: string[] = [];
    for (let i = 0; i < 2 * MAX_PENDING; i++) ids.push((await publish(user, invitation())).id);
    expect(await statusCounts(user)).toEqual([
      { status: "failed", n: MAX_PENDING },
      { status: "pending", n: MAX_PENDING },
    ]);
    const [failedRange] = await sqlIn<{ low: number; high: number }>(
      user,
      "SELECT MIN(seq) AS low, MAX(seq) AS high FROM notifications WHERE status = 'failed'",
    );
    expect(failedRange).toEqual({ low: 1, high: MAX_PENDING });

    // What the connect event alone sent: its log line says (the object runs in this isolate).
    const logs = vi.spyOn(console, "log");
    const client = await connect(user);
    const connectLine = logs.mock.calls
      .map(([line]) => (typeof line === "string" ? line : ""))
      .find((line) => line.includes('"event":"connect"') && line.includes(user));
    logs.mockRestore();
    expect(connectLine && JSON.parse(connectLine)).toMatchObject({ userId: user, pendingSent: RECONNECT_LIMIT });
    const webSocket = client.socket;
    // A client as the hook is: acks what it gets (once per id), resumes from what it has (nothing), page after page.
    const acked = new Set<string>();
    let pages = 0;
    webSocket.addEventListener("message", () => {
      for (const frame of client.notifications()) {
        if (frame.requiresAck && !acked.has(frame.id)) {
          acked.add(frame.id);
          client.send({ type: "ack", notificationId: frame.id });
        }
      }
      const answers = client.frames.filter((frame) => frame.type === "resumed");
      const last = answers.at(-1);
      if (answers.length > pages && last?.type === "resumed") {
        pages = answers.length;
        if (last.more) client.send({ type: "resume", afterSeq: last.lastSeq });
      }
    });
    client.send({ type: "resume", afterSeq: 0 });
    await client.until((s) => new Set(s.notifications().map((frame) => frame.id)).size === ids.length, 20_000, "all");
    expect(new Set(client.notifications().map((frame) => frame.id))).toEqual(new Set(ids));
    // Every one has one seq, as published.
    const seqs = new Map(client.notifications().map((frame) => [frame.id, frame.seq]));
    expect(ids.map((id) => seqs.get(id))).toEqual(ids.map((_, i) => i + 1));
    // Nothing left waiting: every one reached the client and its ack counted, none refused.
    await eventually(
      () => statusCounts(user),
      (counts) => counts.length === 1 && counts[0]?.status === "acked",
      20_000,
    );
    expect(client.errors()).toEqual([]);
    expect(client.closed).toBe(false);
  });
});

describe("the audit outbox", () => {
  it("moves the oldest rows past the bound to the dead-letter table while Postgres is down, and loses no row within it", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await setPostgres("down");
    const extra = 10;
    const ids: string[] = [];
    for (let i = 0; i < OUTBOX_MAX + extra; i++) ids.push((await publish(user, announcement(`n${i}`))).id);
    await waitForNotifications(socket, OUTBOX_MAX + extra, 10_000);

    const dead = await sqlIn<{ id: string }>(
      user,
      "SELECT notification_id AS id FROM audit_dead_letter ORDER BY rowid",
    );
    expect(dead.map((row) => row.id)).toEqual(ids.slice(0, extra));

    await setPostgres("up");
    const db = auditDb();
    const rows = await eventually(
      () => db.select({ id: notificationLog.id }).from(notificationLog).where(eq(notificationLog.userId, user)),
      (found) => found.length >= OUTBOX_MAX,
      30_000,
    );
    expect(rows.map((row) => row.id).sort()).toEqual(ids.slice(extra).sort());
    expect(socket.closed).toBe(false);
  });
});
