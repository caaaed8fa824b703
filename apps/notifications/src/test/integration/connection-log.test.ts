import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { RecordingSocket, waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { connectionLog, objectBacklog } from "../../db/schema";
import { CLOSE_VANISHED } from "../../do/connection-log";
import {
  announcement,
  auditDb,
  BASE,
  closeOf,
  connect,
  eventually,
  publish,
  sqlIn,
  stubFor,
  tokenFor,
  uniqueUser,
} from "../helpers";

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

async function logOf(userId: string) {
  return auditDb().select().from(connectionLog).where(eq(connectionLog.userId, userId));
}

async function connectAs(userId: string, userAgent: string) {
  const response = await exports.default.fetch(`${BASE}/ws/notifications`, {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${await tokenFor(userId)}`, "User-Agent": userAgent },
  });
  const socket = response.webSocket;
  if (!socket) throw new Error(`upgrade failed: ${response.status}`);
  socket.accept();
  return new RecordingSocket(socket);
}

describe("the connection log", () => {
  it("records a connection with its browser family, then its close time and code, in Postgres", async () => {
    const user = uniqueUser();
    const recording = await connectAs(user, FIREFOX);
    const [open] = await eventually(
      () => logOf(user),
      (rows) => rows.length === 1,
    );
    expect(open).toMatchObject({ userId: user, userAgentFamily: "Firefox", disconnectedAt: null, closeCode: null });

    recording.socket.close(1000, "bye");
    const [closed] = await eventually(
      () => logOf(user),
      (rows) => rows[0]?.disconnectedAt !== null,
    );
    expect(closed).toMatchObject({ id: open?.id, closeCode: 1000 });
    expect(closed?.disconnectedAt?.getTime()).toBeGreaterThanOrEqual(open?.connectedAt.getTime() ?? Number.NaN);
    // Once its last state is in Postgres, the object forgets the connection.
    await eventually(
      () => sqlIn(user, "SELECT connection_id FROM connections"),
      (rows) => rows.length === 0,
    );
  });

  it("closes the record of a socket the object no longer holds, as vanished, at its next alarm", async () => {
    const user = uniqueUser();
    await publish(user, announcement());
    const ghost = crypto.randomUUID();
    // A record whose socket went with a crash: no socket carries its id.
    await runInDurableObject(stubFor(user), (_instance, state) => {
      state.storage.sql.exec(
        "INSERT INTO connections (connection_id, connected_at, last_seen_at) VALUES (?, ?, ?)",
        ghost,
        Date.now() - 1_000,
        Date.now() - 1_000,
      );
    });
    await runDurableObjectAlarm(stubFor(user));
    const [row] = await eventually(
      () => logOf(user),
      (rows) => rows.some((row) => row.disconnectedAt !== null),
    );
    expect(row).toMatchObject({ id: ghost, closeCode: CLOSE_VANISHED });
  });

  it("keeps the record of a socket that hibernated through an eviction open, and closes it at its close", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const [open] = await eventually(
      () => logOf(user),
      (rows) => rows.length === 1,
    );
    await evictDurableObject(stubFor(user));
    // A fresh instance wakes, compares its records with the sockets it holds, and finds this one still there.
    await publish(user, announcement());
    await waitForNotifications(socket, 1, 2_000);
    await runDurableObjectAlarm(stubFor(user));
    expect(await sqlIn(user, "SELECT disconnected_at FROM connections")).toEqual([{ disconnected_at: null }]);

    const closing = closeOf(socket);
    socket.socket.close(4000, "tab closed");
    await closing;
    const [row] = await eventually(
      () => logOf(user),
      (rows) => rows[0]?.disconnectedAt !== null,
    );
    expect(row).toMatchObject({ id: open?.id, closeCode: 4000 });
  });

  it("refreshes the last-seen time of open connections at the heartbeat, and reports the audit backlog", async () => {
    const user = uniqueUser();
    await connect(user);
    const [first] = await eventually(
      () => logOf(user),
      (rows) => rows.length === 1,
    );
    // As if the last heartbeat was long ago.
    await runInDurableObject(stubFor(user), (_instance, state) => {
      state.storage.sql.exec("UPDATE connections SET last_seen_at = ?", Date.now() - 60 * 60 * 1_000);
    });
    await runDurableObjectAlarm(stubFor(user));
    const [seen] = await eventually(
      () => logOf(user),
      (rows) => (rows[0]?.lastSeenAt.getTime() ?? 0) > (first?.lastSeenAt.getTime() ?? 0),
    );
    expect(seen?.disconnectedAt).toBeNull();
    const backlog = await auditDb().select().from(objectBacklog).where(eq(objectBacklog.userId, user));
    expect(backlog).toEqual([{ userId: user, waiting: 0, reportedAt: expect.any(Date) }]);
  });
});
