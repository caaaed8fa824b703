import { runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NotificationStore } from "../../do/store";
import { publish, sqlIn, stubFor, uniqueUser } from "../helpers";

// Fixed, so that a failure replays.
const SEED = 20_261_126;

type Step =
  | { kind: "publish"; groupId: string; requiresAck: boolean }
  | { kind: "readIds"; picks: number[]; unknown: boolean }
  | { kind: "readUpTo"; seq: number }
  | { kind: "prune"; historyLimit: number }
  | { kind: "mute"; groups: string[] };

const groupId = fc.constantFrom("g1", "g2", "g3");
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("publish"), groupId, requiresAck: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("readIds"),
      picks: fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }),
      unknown: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("readUpTo"), seq: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("prune"), historyLimit: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("mute"), groups: fc.subarray(["g1", "g2", "g3"]) }) },
);

/** The unread count the long way: every kept row, counted in JavaScript. */
async function recount(userId: string): Promise<number> {
  const rows = await sqlIn<{ readAt: number | null; status: string }>(
    userId,
    "SELECT read_at AS readAt, status FROM notifications",
  );
  return rows.filter((row) => row.readAt === null && row.status !== "muted").length;
}

async function run(userId: string, current: Step, ids: string[]): Promise<number | null> {
  const stub = stubFor(userId);
  switch (current.kind) {
    case "publish": {
      const result = await publish(userId, {
        type: "group.admin.granted",
        data: { groupId: current.groupId, groupName: "G", grantedById: "alice", grantedByName: "Alice" },
        requiresAck: current.requiresAck,
      });
      ids.push(result.id);
      return null;
    }
    case "readIds": {
      const picked = current.picks.flatMap((pick) => (ids.length === 0 ? [] : [ids[pick % ids.length] ?? ""]));
      const request = [...picked, ...(current.unknown ? ["unknown-id"] : [])];
      if (request.length === 0) return null;
      return (await stub.markRead(userId, { ids: request })).unread;
    }
    case "readUpTo":
      return (await stub.markRead(userId, { upToSeq: current.seq })).unread;
    case "prune":
      await runInDurableObject(stub, (_instance, state) => {
        const store = new NotificationStore(state.storage.sql, (fn) => state.storage.transactionSync(fn));
        store.prune(Date.now(), { historyLimit: current.historyLimit, historyMaxAgeMs: 1e12, dedupeRetentionMs: 1e12 });
      });
      return null;
    case "mute":
      await stub.setPreferences(userId, { muted: { types: [], groups: current.groups } });
      return null;
  }
}

describe("the unread count", () => {
  it("equals a recount of the kept rows after any sequence of publishes, reads by ids and up to a seq, prunes and mutes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const user = uniqueUser("unread");
        const ids: string[] = [];
        for (const current of steps) {
          const answered = await run(user, current, ids);
          const expected = await recount(user);
          const page = await stubFor(user).history(user, { limit: 1, before: null });
          expect(page.unread).toBe(expected);
          if (answered !== null) expect(answered).toBe(expected);
        }
      }),
      { seed: SEED, numRuns: 25 },
    );
  });
});
