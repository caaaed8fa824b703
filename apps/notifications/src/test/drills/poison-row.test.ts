import { runInDurableObject } from "cloudflare:test";
import type { PublishResult } from "@repo/notifications";
import { type RecordingSocket, sleep } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { auditDb, connect, invitation, publish, stubFor, uniqueUser } from "../helpers";
import { type AuditRows, auditRows } from "./audit";
import { countDrill, reportDrill } from "./ledger";
import { storedRows } from "./stored";

/** Polls until `predicate` holds or `timeoutMs` passes; the drill reports what it found either way. */
async function settle<T>(read: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!predicate(value) && Date.now() < deadline) {
    await sleep(100);
    value = await read();
  }
  return value;
}

describe("fault drill: a poison row among good ones", () => {
  it("delivers, acks and audits the good notifications around a stored one that no longer parses as its event type, and marks that one failed", async () => {
    const user = uniqueUser("poison");
    // Published while the user is away, so the connect delivery, the rounds and the acks all meet the bad row.
    const published: PublishResult[] = [];
    for (let i = 0; i < 5; i++) published.push(await publish(user, invitation()));
    const poison = published[2]?.id ?? "";
    const good = published.filter(({ id }) => id !== poison);
    // A deploy tightened the schema: this stored row is valid JSON but no longer an invitation.
    await runInDurableObject(stubFor(user), (_instance, state) => {
      state.storage.sql.exec(
        "UPDATE notifications SET data = ? WHERE id = ?",
        JSON.stringify({ invitationId: 42 }),
        poison,
      );
    });

    let socket: RecordingSocket | null = null;
    let connectError = "";
    try {
      socket = await connect(user);
      const ids = (s: RecordingSocket) => new Set(s.notifications().map((frame) => frame.id));
      await socket.until((s) => good.every(({ id }) => ids(s).has(id)), 3_000, "every good notification");
      for (const { id } of good) socket.send({ type: "ack", notificationId: id });
    } catch (error) {
      connectError = error instanceof Error ? error.message.slice(0, 200) : String(error);
    }
    const rows = await settle(
      () => storedRows(user),
      (found) => found.every((row) => (row.id === poison ? row.status === "failed" : row.status === "acked")),
      5_000,
    );
    const db = auditDb();
    const audit = await settle(
      () => auditRows(user, db),
      (found: AuditRows) =>
        published.every(
          ({ id }) => found.find((row) => row.id === id)?.status === (id === poison ? "failed" : "acked"),
        ),
      5_000,
    );

    expect.soft(connectError).toBe("");
    expect
      .soft(rows.map((row) => [row.id, row.status]))
      .toEqual(published.map(({ id }) => [id, id === poison ? "failed" : "acked"]));
    expect
      .soft(audit.map((row) => [row.id, row.status]).sort())
      .toEqual(published.map(({ id }) => [id, id === poison ? "failed" : "acked"]).sort());
    // Lost counts the good ones: the poison row cannot reach a client, its fate is `failed` below.
    reportDrill("a poison row among good ones", countDrill(good, socket?.notifications() ?? []));
  });
});
