/**
 * The delivery rounds of a notification that needs an acknowledgment
 * (design §4), as plain functions of the stored state and the clock.
 *
 * `attempts` counts rounds. `nextAttemptAt` is when the next round (or, after
 * the last round, the failure) is due; null means the notification is waiting
 * for a socket: never delivered, or due while nobody was connected.
 */
export interface RetryPolicy {
  ackTimeoutMs: number;
  maxSends: number;
}

export interface RoundState {
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
}

/** The state after a round that happened at `now`. */
export function afterRound(state: Pick<RoundState, "attempts">, now: number, policy: RetryPolicy): RoundState {
  return { attempts: state.attempts + 1, nextAttemptAt: now + policy.ackTimeoutMs, lastAttemptAt: now };
}

/** The state of a notification published at `now` to `openSockets` sockets. */
export function atPublish(now: number, openSockets: number, policy: RetryPolicy): RoundState {
  if (openSockets === 0) return { attempts: 0, nextAttemptAt: null, lastAttemptAt: null };
  return afterRound({ attempts: 0 }, now, policy);
}

export type DueAction = { kind: "none" } | { kind: "fail" } | { kind: "wait" } | { kind: "round"; next: RoundState };

/** What the alarm does with a pending notification at `now`. */
export function dueAction(state: RoundState, now: number, openSockets: number, policy: RetryPolicy): DueAction {
  if (state.nextAttemptAt === null || state.nextAttemptAt > now) return { kind: "none" };
  if (state.attempts >= policy.maxSends) return { kind: "fail" };
  // A moment with no open socket is not a round: wait for the next connection.
  if (openSockets === 0) return { kind: "wait" };
  return { kind: "round", next: afterRound(state, now, policy) };
}

/**
 * What a newly connected socket's delivery of a pending notification does to
 * its rounds. The first delivery ever is round 1. A notification that was
 * waiting because a round fell due with nobody connected gets its next round
 * one ack timeout from now, so the new socket has the same time to ack as any
 * other. Otherwise the delivery is an extra that counts for nothing.
 */
export function onConnect(state: RoundState, now: number, policy: RetryPolicy): RoundState | null {
  if (state.attempts === 0) return afterRound(state, now, policy);
  if (state.nextAttemptAt === null) return { ...state, nextAttemptAt: now + policy.ackTimeoutMs };
  return null;
}
