import { runInDurableObject } from "cloudflare:test";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { connect, invitation, publish, stubFor, uniqueUser } from "../helpers";
import { waitForAudit } from "./audit";
import { connectDroppable } from "./droppable-socket";
import { countDrill, reportDrill } from "./ledger";
import { storedNotification } from "./stored";

const ROUND = 400;

function serverSockets(userId: string) {
  return runInDurableObject(stubFor(userId), (_instance, state) => state.getWebSockets().length);
}

describe("fault drill: sockets vanish without a close frame during a round", () => {
  it("hands every pending notification to the next socket after both sockets of a user died abruptly (1006) in the middle of a round", async () => {
    const user = uniqueUser("abrupt");
    const tabA = await connectDroppable(user);
    const tabB = await connectDroppable(user);
    const published = [];
    for (let i = 0; i < 4; i++) published.push(await publish(user, invitation()));
    await tabA.waitForNotifications(4, 2_000);
    await tabB.waitForNotifications(4, 2_000);

    // Round 2 falls due ROUND after round 1: the tabs die around that moment, one just before, one just after.
    await sleep(ROUND - 60);
    await tabA.drop();
    await sleep(80);
    await tabB.drop();
    const deadline = Date.now() + 3_000;
    while ((await serverSockets(user)) > 0) {
      if (Date.now() > deadline) throw new Error("the object never saw the sockets go");
      await sleep(50);
    }
    // A round that falls due with nobody connected waits for the next socket.
    await sleep(2 * ROUND);

    const next = await connect(user);
    await waitForNotifications(next, 4, 2_000);
    for (const { id } of published) next.send({ type: "ack", notificationId: id });
    await waitForAudit(user, (rows) => rows.length === 4 && rows.every((row) => row.status === "acked"));

    const everything = [...tabA.recording.notifications(), ...tabB.recording.notifications(), ...next.notifications()];
    reportDrill("sockets closed abruptly (1006) during a round", {
      // What matters is that the next socket got them all, whatever the dead ones saw.
      lost: countDrill(published, next.notifications()).lost,
      duplicated: countDrill(published, everything).duplicated,
    });
    for (const { id } of published) expect(await storedNotification(user, id)).toMatchObject({ status: "acked" });
  });
});
