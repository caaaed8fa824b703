import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { HistoryPage } from "@repo/notifications";
import { describe, expect, it } from "vitest";
import { NotificationStore } from "../../do/store";
import { announcement, BASE, invitation, publish, stubFor, tokenFor, uniqueUser } from "../helpers";

async function getHistory(userId: string, query: string, authorized = true) {
  return exports.default.fetch(`${BASE}/api/notifications${query}`, {
    headers: authorized ? { Authorization: `Bearer ${await tokenFor(userId)}` } : {},
  });
}

async function page(userId: string, query: string) {
  const response = await getHistory(userId, query);
  expect(response.status).toBe(200);
  const parsed = HistoryPage.safeParse(await response.json());
  if (!parsed.success) throw new Error(`not a history page: ${parsed.error.message}`);
  return parsed.data;
}

function seqsOf(items: unknown[]): number[] {
  return items.map((item) =>
    typeof item === "object" && item !== null && "seq" in item && typeof item.seq === "number" ? item.seq : -1,
  );
}

describe("GET /api/notifications", () => {
  it("lists every kept notification exactly once across pages, newest first, while new ones arrive", async () => {
    const user = uniqueUser();
    for (let i = 0; i < 23; i++) await publish(user, i % 3 === 0 ? invitation() : announcement(`n${i}`));
    const seen: number[] = [];
    let before = "";
    let arrived = 0;
    for (let round = 0; round < 20; round++) {
      const current = await page(user, `?limit=5${before}`);
      seen.push(...seqsOf(current.items));
      // Newer notifications land above the cursor: they never shift the pages below it.
      await publish(user, announcement(`late ${arrived++}`));
      if (current.nextBefore === null) break;
      before = `&before=${current.nextBefore}`;
    }
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i));
    const newest = await page(user, "?limit=100");
    expect(newest.items).toHaveLength(23 + arrived);
    expect(newest.nextBefore).toBeNull();
  });

  it("gives each item its status, read state and frame fields, and the unread count", async () => {
    const user = uniqueUser();
    const a = await publish(user, invitation(true));
    const b = await publish(user, announcement("b"));
    await stubFor(user).markRead(user, { ids: [b.id] });
    const result = await page(user, "");
    expect(result.unread).toBe(1);
    expect(result.nextBefore).toBeNull();
    expect(result.items).toEqual([
      expect.objectContaining({
        id: b.id,
        seq: b.seq,
        type: "system.announcement",
        status: "sent",
        readAt: expect.any(Number),
      }),
      expect.objectContaining({ id: a.id, seq: a.seq, requiresAck: true, status: "pending", readAt: null }),
    ]);
  });

  it("pages over what pruning left, never listing a pruned notification", async () => {
    const user = uniqueUser();
    for (let i = 0; i < 10; i++) await publish(user, announcement(`n${i}`));
    await runInDurableObject(stubFor(user), (_instance, state) => {
      const store = new NotificationStore(state.storage.sql, (fn) => state.storage.transactionSync(fn));
      store.prune(Date.now(), { historyLimit: 4, historyMaxAgeMs: 1e12, dedupeRetentionMs: 1e12 });
    });
    const first = await page(user, "?limit=3");
    expect(seqsOf(first.items)).toEqual([10, 9, 8]);
    expect(first.nextBefore).toBe(8);
    const second = await page(user, "?limit=3&before=8");
    expect(seqsOf(second.items)).toEqual([7]);
    expect(second.nextBefore).toBeNull();
    expect(second.unread).toBe(4);
  });

  it("refuses a limit outside 1..100 or a bad cursor with 400, and no session with 401", async () => {
    const user = uniqueUser();
    for (const query of ["?limit=0", "?limit=101", "?limit=abc", "?before=-3", "?before=1.5"]) {
      expect((await getHistory(user, query)).status, query).toBe(400);
    }
    expect((await getHistory(user, "", false)).status).toBe(401);
    expect((await page(user, "?limit=100")).items).toEqual([]);
  });
});
