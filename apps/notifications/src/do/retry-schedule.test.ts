import { describe, expect, it } from "vitest";
import { afterRound, atPublish, dueAction, onConnect } from "./retry-schedule";

const policy = { ackTimeoutMs: 5_000, maxSends: 3 };

describe("retry schedule", () => {
  it("makes a publish to open sockets round 1, due again one ack timeout later", () => {
    expect(atPublish(1_000, 2, policy)).toEqual({ attempts: 1, nextAttemptAt: 6_000, lastAttemptAt: 1_000 });
  });

  it("leaves a publish to nobody waiting with no round counted", () => {
    expect(atPublish(1_000, 0, policy)).toEqual({ attempts: 0, nextAttemptAt: null, lastAttemptAt: null });
  });

  it("does nothing before the next round is due, or while waiting for a socket", () => {
    expect(dueAction({ attempts: 1, nextAttemptAt: 6_000, lastAttemptAt: 1_000 }, 5_999, 1, policy)).toEqual({
      kind: "none",
    });
    expect(dueAction({ attempts: 0, nextAttemptAt: null, lastAttemptAt: null }, 99_999, 1, policy)).toEqual({
      kind: "none",
    });
  });

  it("runs rounds 2 and 3 five seconds apart, then fails five seconds after the third", () => {
    let state = atPublish(0, 1, policy);
    const rounds: number[] = [];
    for (let now = 5_000; ; now += 5_000) {
      const action = dueAction(state, now, 1, policy);
      if (action.kind === "fail") {
        expect(now).toBe(15_000);
        break;
      }
      if (action.kind !== "round") throw new Error(`unexpected ${action.kind}`);
      state = action.next;
      rounds.push(now);
    }
    expect(rounds).toEqual([5_000, 10_000]);
    expect(state.attempts).toBe(3);
  });

  it("does not count a due round when no socket is open: the notification waits", () => {
    expect(dueAction({ attempts: 1, nextAttemptAt: 6_000, lastAttemptAt: 1_000 }, 6_000, 0, policy)).toEqual({
      kind: "wait",
    });
  });

  it("fails after the last round even when nobody is connected", () => {
    expect(dueAction({ attempts: 3, nextAttemptAt: 16_000, lastAttemptAt: 11_000 }, 16_000, 0, policy)).toEqual({
      kind: "fail",
    });
  });

  it("counts a connection's delivery as round 1 only when it is the first delivery", () => {
    expect(onConnect({ attempts: 0, nextAttemptAt: null, lastAttemptAt: null }, 7_000, policy)).toEqual(
      afterRound({ attempts: 0 }, 7_000, policy),
    );
    expect(onConnect({ attempts: 2, nextAttemptAt: 9_000, lastAttemptAt: 4_000 }, 7_000, policy)).toBeNull();
  });

  it("gives a notification that waited for a socket its next round one ack timeout after the connection", () => {
    expect(onConnect({ attempts: 1, nextAttemptAt: null, lastAttemptAt: 1_000 }, 20_000, policy)).toEqual({
      attempts: 1,
      nextAttemptAt: 25_000,
      lastAttemptAt: 1_000,
    });
  });
});
