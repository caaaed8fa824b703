import { waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { connect, invitation, publish, uniqueUser } from "../helpers";
import { runRoundsToEnd, settle } from "../rounds";
import { waitForAudit } from "./audit";
import { countDrill, reportDrill } from "./ledger";
import { storedNotification } from "./stored";

describe("fault drill: acks duplicated and out of order", () => {
  it("ends every notification acked, in storage and in the audit log, when acks come twice, out of order, for unknown ids and before the frame was read", async () => {
    const user = uniqueUser("acks");
    // Published while nobody is connected: its ack goes out the moment the socket opens, before its frame is read.
    const early = await publish(user, invitation());
    const socket = await connect(user);
    socket.send({ type: "ack", notificationId: early.id });
    const rest = [];
    for (let i = 0; i < 5; i++) rest.push(await publish(user, invitation()));
    await waitForNotifications(socket, 6, 2_000);

    const ids = rest.map(({ id }) => id);
    const order = [ids[4], ids[2], ids[4], crypto.randomUUID(), "not-a-notification", ids[0], early.id];
    order.push(ids[3], ids[1], ids[3], ids[0]);
    for (const id of order) socket.send({ type: "ack", notificationId: id });
    // Every ack handled, then any round that an ack failed to stop runs (as the alarm would, without waiting).
    await settle(socket);
    await runRoundsToEnd(user);
    await settle(socket);

    const published = [early, ...rest];
    const rows = await waitForAudit(user, (found) => found.length === 6 && found.every((row) => row.acknowledged));
    reportDrill("acks duplicated and out of order", countDrill(published, socket.notifications()));
    expect(socket.errors()).toEqual([]);
    expect(rows.every((row) => row.status === "acked" && row.acknowledgedAt !== null)).toBe(true);
    for (const { id } of published) {
      const stored = await storedNotification(user, id);
      expect(stored).toMatchObject({ status: "acked", nextAttemptAt: null });
      // Acked before its next round: no notification was sent again after its ack.
      expect(socket.notifications().filter((frame) => frame.id === id).length).toBe(stored?.attempts);
    }
  });
});
