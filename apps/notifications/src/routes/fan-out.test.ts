import { describe, expect, it } from "vitest";
import { settleWithConcurrency } from "./fan-out";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

describe("settleWithConcurrency", () => {
  it("never has more tasks in flight than the bound, and uses the whole bound", async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await settleWithConcurrency(
      Array.from({ length: 100 }, (_, i) => i),
      6,
      async (item) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight--;
        return item * 2;
      },
    );
    expect(peak).toBe(6);
    expect(results).toEqual(Array.from({ length: 100 }, (_, i) => ({ status: "fulfilled", value: i * 2 })));
  });

  it("keeps each result at its item's index and reports a failure without stopping the others", async () => {
    const results = await settleWithConcurrency(["a", "bad", "c", "d"], 2, async (item) => {
      await tick();
      if (item === "bad") throw new Error("refused");
      return item.toUpperCase();
    });
    expect(results.map((result) => (result.status === "fulfilled" ? result.value : "failed"))).toEqual([
      "A",
      "failed",
      "C",
      "D",
    ]);
    expect(results[1]).toMatchObject({ status: "rejected", reason: new Error("refused") });
  });

  it("starts the next item as soon as one lane is free, so a slow item holds up one lane only", async () => {
    const started: number[] = [];
    let releaseSlow = () => {};
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const done = settleWithConcurrency([0, 1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      if (item === 0) await slow;
      else await tick();
      return item;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    releaseSlow();
    expect((await done).every((result) => result.status === "fulfilled")).toBe(true);
  });

  it("answers an empty list with an empty list and refuses a bound below one", async () => {
    expect(await settleWithConcurrency([], 6, async () => 1)).toEqual([]);
    await expect(settleWithConcurrency([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
