/**
 * The token bucket of one socket's client frames. Its state travels in the
 * socket's attachment, so it survives hibernation. Pings answered by the
 * runtime's auto-response never reach the object and are not counted.
 *
 * Refused frames are counted too, and drain at the same rate as tokens refill:
 * more than `burst` refusals outstanding (a client sending at over twice the
 * rate for a few seconds, or a flood of more than twice the burst at once)
 * is sustained abuse, and the socket is closed. An ack of a notification
 * that needs one gets its token back (the object), once per socket and
 * notification (`firstAckOf`), so a client acking what it was sent is never
 * limited: every tab acks what it receives, so each tab after the first acks
 * ids that are acked already.
 */
export interface FrameRate {
  ratePerSecond: number;
  burst: number;
}

export interface Bucket {
  /** Frames the socket may still send now. */
  tokens: number;
  /** Refusals not yet drained. */
  refusals: number;
  /** When `tokens` and `refusals` were last brought up to date (ms). */
  at: number;
}

export type Verdict = "accept" | "refuse" | "close";

export function fullBucket(now: number, rate: FrameRate): Bucket {
  return { tokens: rate.burst, refusals: 0, at: now };
}

/** Spends one token for a frame arriving at `now`; updates `bucket` in place. */
export function takeFrame(bucket: Bucket, now: number, rate: FrameRate): Verdict {
  const refill = (Math.max(0, now - bucket.at) * rate.ratePerSecond) / 1_000;
  bucket.at = now;
  bucket.tokens = Math.min(rate.burst, bucket.tokens + refill);
  bucket.refusals = Math.max(0, bucket.refusals - refill);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return "accept";
  }
  bucket.refusals += 1;
  return bucket.refusals > rate.burst ? "close" : "refuse";
}

/** Acks a socket has had refunded, per socket: the newest ones, so a repeated ack is refunded once. */
const refundedAcks = new WeakMap<object, Set<string>>();
const REMEMBERED_ACKS = 512;

/**
 * True the first time `socket` acks `notificationId` (as far as this instance
 * remembers: the newest 512 ids per socket; hibernation forgets, and a
 * repeat is then refunded once more).
 */
export function firstAckOf(socket: object, notificationId: string): boolean {
  let seen = refundedAcks.get(socket);
  if (!seen) {
    seen = new Set();
    refundedAcks.set(socket, seen);
  }
  if (seen.has(notificationId)) return false;
  if (seen.size >= REMEMBERED_ACKS) {
    const oldest = seen.values().next();
    if (!oldest.done) seen.delete(oldest.value);
  }
  seen.add(notificationId);
  return true;
}
