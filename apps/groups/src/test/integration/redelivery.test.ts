import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { OutboxStore } from "../../outbox/outbox-store";
import { connect, createGroup, drained, invite, signIn } from "../helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

const Delivered = z.object({
  event: z.literal("outbox_delivered"),
  recipientId: z.string(),
  notificationId: z.string(),
});

/** The `outbox_delivered` log lines so far: what the notifications object answered for each delivery. */
function deliveries(log: { mock: { calls: unknown[][] } }) {
  return log.mock.calls.flatMap(([line]) => {
    if (typeof line !== "string" || !line.includes('"outbox_delivered"')) return [];
    const parsed = Delivered.safeParse(JSON.parse(line));
    return parsed.success ? [parsed.data] : [];
  });
}

describe("an outbox entry delivered again", () => {
  it("yields one notification, with the first one's id, when an entry is delivered again after its answer was lost", async () => {
    const log = vi.spyOn(console, "log");
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const socket = await connect(bob);
    const group = await createGroup(alice);
    const invitation = await invite(alice, group.id, bob.id);
    await drained(group.id);
    const [first, ...others] = socket.notifications();
    expect(others).toEqual([]);
    if (first?.type !== "group.invitation.received") throw new Error("the invitation did not arrive");

    // The same entry once more, as when the notifications object kept it but the
    // answer never came back, so the entry stayed in the outbox and was sent again.
    await runInDurableObject(env.GROUPS.getByName(group.id), async (_, state) => {
      new OutboxStore(state.storage.sql).add(
        {
          kind: "notification",
          recipientId: bob.id,
          input: { type: first.type, data: first.data, dedupeKey: `group.invitation.received:${invitation.id}` },
        },
        Date.now(),
      );
      await state.storage.setAlarm(Date.now());
    });
    await drained(group.id);

    expect(socket.notifications()).toEqual([first]);
    const toBob = deliveries(log).filter((line) => line.recipientId === bob.id);
    expect(toBob.map((line) => line.notificationId)).toEqual([first.id, first.id]);
  });
});
