import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { PublishInput } from "@repo/notifications";
import { waitForNotifications } from "@repo/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { OutboxStore } from "../../outbox/outbox-store";
import { connect, drained, signIn } from "../helpers";

const DeadLetter = z.object({ id: z.number(), recipient: z.string(), attempts: z.number(), error: z.string() });

function removal(groupId: string, cause: string): PublishInput {
  return {
    type: "group.member.removed",
    data: { groupId, groupName: "Rocket Club", removedById: "alice", removedByName: "Alice" },
    dedupeKey: `group.member.removed:${cause}`,
  };
}

/** Runs `write` on the outbox of a new group object, then lets its alarm deliver at once. */
async function withOutbox(groupId: string, write: (outbox: OutboxStore, sql: SqlStorage) => void): Promise<void> {
  await runInDurableObject(env.GROUPS.get(env.GROUPS.idFromName(groupId)), async (_, state) => {
    write(new OutboxStore(state.storage.sql), state.storage.sql);
    await state.storage.setAlarm(Date.now());
  });
}

function deadLetters(groupId: string) {
  return runInDurableObject(env.GROUPS.get(env.GROUPS.idFromName(groupId)), (_, state) =>
    z
      .array(DeadLetter)
      .parse(
        state.storage.sql.exec("SELECT id, recipient, attempts, error FROM outbox_dead_letter ORDER BY id").toArray(),
      ),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an outbox entry that can never be delivered", () => {
  it("is dead-lettered after 3 attempts when the notifications object refuses it as invalid, and the group's other entries are delivered", async () => {
    const bob = await signIn("bob");
    const socket = await connect(bob);
    const groupId = crypto.randomUUID();
    // The notifications object refuses a user id over 200 characters with a TypeError, as it refuses any invalid input.
    const refused = "x".repeat(201);
    const warnings = vi.spyOn(console, "warn");
    await withOutbox(groupId, (outbox) => {
      outbox.add({ kind: "notification", recipientId: refused, input: removal(groupId, "poison") }, Date.now());
      outbox.add({ kind: "notification", recipientId: bob.id, input: removal(groupId, "good") }, Date.now());
    });

    const [frame] = await waitForNotifications(socket, 1, 5_000);
    expect(frame).toMatchObject({ type: "group.member.removed", data: { groupId } });
    await drained(groupId);
    expect(await deadLetters(groupId)).toEqual([
      { id: 1, recipient: refused, attempts: 3, error: expect.stringMatching(/^invalid userId/) },
    ]);
    // Logged once, with the entry's id and the error, never the notification's data.
    const logged = warnings.mock.calls.map(([line]) => String(line)).filter((line) => line.includes(refused));
    const deadLettered = logged.filter((line) => line.includes('"event":"outbox_dead_lettered"'));
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0]).toContain('"entry":1');
    expect(deadLettered[0]).toContain("invalid userId");
    expect(logged.join("\n")).not.toContain("Rocket Club");
  });

  it("is dead-lettered at once when it no longer parses, and the good entry behind it for the same recipient is delivered", async () => {
    const bob = await signIn("bob");
    const socket = await connect(bob);
    const groupId = crypto.randomUUID();
    await withOutbox(groupId, (outbox, sql) => {
      // As a deploy that tightened the event's schema would leave it: stored, but no longer valid.
      sql.exec(
        "INSERT INTO outbox (kind, recipient, payload, created_at, next_attempt_at) VALUES ('notification', ?, ?, ?, ?)",
        bob.id,
        JSON.stringify({ type: "group.member.removed", data: { groupId } }),
        Date.now(),
        Date.now(),
      );
      outbox.add({ kind: "notification", recipientId: bob.id, input: removal(groupId, "good") }, Date.now());
    });

    const [frame] = await waitForNotifications(socket, 1, 5_000);
    expect(frame).toMatchObject({ type: "group.member.removed", data: { groupId, removedByName: "Alice" } });
    await drained(groupId);
    expect(await deadLetters(groupId)).toEqual([{ id: 1, recipient: bob.id, attempts: 0, error: "unreadable entry" }]);
    expect(socket.notifications()).toHaveLength(1);
  });
});
