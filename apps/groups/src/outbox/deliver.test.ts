import { describe, expect, it } from "vitest";
import { afterFailure, isPermanentFailure } from "./classify";
import { deliverInOrder } from "./deliver";

type Entry = { id: number; orderKey: string; dedupeKey: string };

describe("deliverInOrder", () => {
  it("sends the entries of one key in id order, and different keys independently", async () => {
    const sent: number[] = [];
    const entries: Entry[] = [
      { id: 3, orderKey: "bob", dedupeKey: "c" },
      { id: 1, orderKey: "bob", dedupeKey: "a" },
      { id: 2, orderKey: "carol", dedupeKey: "b" },
    ];
    const outcome = await deliverInOrder(entries, async (entry) => {
      sent.push(entry.id);
    });
    expect(outcome.delivered.sort()).toEqual([1, 2, 3]);
    expect(sent.filter((id) => id !== 2)).toEqual([1, 3]);
  });

  it("holds back the later entries of a key whose earlier entry failed, but not other keys", async () => {
    const entries: Entry[] = [
      { id: 1, orderKey: "bob", dedupeKey: "a" },
      { id: 2, orderKey: "bob", dedupeKey: "b" },
      { id: 3, orderKey: "carol", dedupeKey: "c" },
    ];
    const outcome = await deliverInOrder(entries, async (entry) => {
      if (entry.id === 1) throw new Error("down");
    });
    expect(outcome).toEqual({
      delivered: [3],
      failed: [{ id: 1, error: "down", permanent: false }],
      held: [{ id: 2, behind: 1 }],
    });
  });

  // The in-workerd outage test covers the real binding; this one drives the pass
  // against a receiver that is down for a while and then loses answers, the two
  // ways a delivery fails, to show that repeated passes end with each entry kept once.
  it("delivers every entry exactly once through a receiver that fails several times and then loses answers", async () => {
    let outbox: Entry[] = Array.from({ length: 6 }, (_, i) => ({
      id: i + 1,
      orderKey: `user${i % 2}`,
      dedupeKey: `k${i}`,
    }));
    const kept = new Map<string, number>();
    let calls = 0;
    const receiver = async (entry: Entry) => {
      calls += 1;
      if (calls <= 4) throw new Error("notifications unavailable");
      if (!kept.has(entry.dedupeKey)) kept.set(entry.dedupeKey, entry.id);
      // Every other answer is lost after the receiver kept the entry: a timeout.
      if (calls % 2 === 0) throw new Error("timed out");
    };
    for (let pass = 0; pass < 20 && outbox.length > 0; pass++) {
      const { delivered } = await deliverInOrder(outbox, receiver);
      outbox = outbox.filter((entry) => !delivered.includes(entry.id));
    }
    expect(outbox).toEqual([]);
    expect([...kept.keys()].sort()).toEqual(["k0", "k1", "k2", "k3", "k4", "k5"]);
  });

  it("delivers the good entry behind a poison one for the same recipient once the poison is dead-lettered after 3 attempts", async () => {
    let outbox: Entry[] = [
      { id: 1, orderKey: "bob", dedupeKey: "poison" },
      { id: 2, orderKey: "bob", dedupeKey: "good" },
    ];
    const attempts = new Map<number, number>();
    const deadLetters: number[] = [];
    const sent: string[] = [];
    const receiver = async (entry: Entry) => {
      if (entry.dedupeKey === "poison") throw Object.assign(new TypeError("invalid notification"), { remote: true });
      sent.push(entry.dedupeKey);
    };
    for (let pass = 0; pass < 10 && outbox.length > 0; pass++) {
      const outcome = await deliverInOrder(outbox, receiver, isPermanentFailure);
      const gone = new Set(outcome.delivered);
      for (const { id, permanent } of outcome.failed) {
        const failures = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, failures);
        if (afterFailure(failures, permanent, 3) === "dead-letter") {
          deadLetters.push(id);
          gone.add(id);
        }
      }
      outbox = outbox.filter((entry) => !gone.has(entry.id));
    }
    expect({ outbox, deadLetters, sent, poisonAttempts: attempts.get(1) }).toEqual({
      outbox: [],
      deadLetters: [1],
      sent: ["good"],
      poisonAttempts: 3,
    });
  });
});
