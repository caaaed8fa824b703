import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { announcement, invitation, publish, stubFor, uniqueUser } from "../helpers";

// The test configuration keeps a history of 20 (vitest.config.ts).
const LIMIT = 20;

function storedSeqs(userId: string) {
  return runInDurableObject(stubFor(userId), (_instance, state) => {
    return state.storage.sql
      .exec<{ seq: number; status: string }>("SELECT seq, status FROM notifications ORDER BY seq")
      .toArray();
  });
}

describe("bounded history", () => {
  it("keeps the newest finished notifications only, numbering on without reuse", async () => {
    const user = uniqueUser();
    for (let i = 0; i < LIMIT + 10; i++) await publish(user, announcement(`n${i}`));
    const rows = await storedSeqs(user);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: LIMIT }, (_, i) => i + 11));
    expect((await publish(user, announcement())).seq).toBe(LIMIT + 11);
  });

  it("never drops a notification that is still pending, however many come after it", async () => {
    const user = uniqueUser();
    const pending = await publish(user, invitation());
    for (let i = 0; i < LIMIT + 5; i++) await publish(user, announcement(`n${i}`));
    const rows = await storedSeqs(user);
    expect(rows[0]).toEqual({ seq: pending.seq, status: "pending" });
    expect(rows.slice(1).map((row) => row.seq)).toEqual(Array.from({ length: LIMIT }, (_, i) => i + 7));
  });
});
