import { evictDurableObject } from "cloudflare:test";
import type { PublishResult } from "@repo/notifications";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { announcement, connect, invitation, publish, setPostgres, stubFor, uniqueUser } from "../helpers";
import { runRoundsToEnd, settle } from "../rounds";
import { auditRows, waitForAudit } from "./audit";
import { countDrill, reportDrill } from "./ledger";
import { storedNotification } from "./stored";

afterEach(async () => {
  await setPostgres("up");
});

type Fate = "acked" | "sent" | "failed";

describe("fault drill: Postgres is unreachable for the whole test, then back", () => {
  it("delivers throughout the outage, then writes every audit row once, in its final state", async () => {
    await setPostgres("down");
    const user = uniqueUser("outage");
    const socket = await connect(user);
    const published: (PublishResult & { fate: Fate })[] = [];
    for (let i = 0; i < 9; i++) {
      const fate: Fate = i % 3 === 0 ? "acked" : i % 3 === 1 ? "sent" : "failed";
      const result = await publish(user, fate === "sent" ? announcement(`n${i}`) : invitation());
      published.push({ ...result, fate });
    }
    await waitForNotifications(socket, 9, 2_000);
    for (const { id } of published.filter(({ fate }) => fate === "acked")) {
      socket.send({ type: "ack", notificationId: id });
    }
    // The rows wait in the object's outbox or in the audit queue, never in memory: an eviction loses nothing.
    await evictDurableObject(stubFor(user));

    // The unacknowledged ones run all their rounds and fail while Postgres is still down: each round
    // is run as its alarm falls due, without waiting out the ack timeouts (rounds.ts), after every ack is handled.
    await settle(socket);
    await runRoundsToEnd(user);
    for (const { id, fate } of published) {
      expect(await storedNotification(user, id)).toMatchObject({ status: fate });
    }
    // The consumer has been failing and retrying its batches all along: Postgres holds nothing yet.
    await sleep(1_500);
    expect(await auditRows(user)).toEqual([]);

    await setPostgres("up");
    const rows = await waitForAudit(user, (found) =>
      published.every(({ id, fate }) => found.find((row) => row.id === id)?.status === fate),
    );

    const received = socket.notifications();
    const clients = countDrill(published, received);
    const audited = new Set(rows.map((row) => row.id));
    const publishedIds = new Set(published.map(({ id }) => id));
    reportDrill("Postgres unreachable, then back", {
      lost: clients.lost + [...publishedIds].filter((id) => !audited.has(id)).length,
      duplicated:
        clients.duplicated + rows.length - audited.size + [...audited].filter((id) => !publishedIds.has(id)).length,
    });
    for (const row of rows.filter((found) => found.status === "failed")) expect(row.retryCount).toBe(2);
    expect(rows.filter((row) => row.acknowledged)).toHaveLength(3);
  });
});
