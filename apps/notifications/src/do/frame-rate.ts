/**
 * The token bucket of one socket's client frames. Its state travels in the
 * socket's attachment, so it survives hibernation. Pings answered by the
 * runtime's auto-response never reach the object and are not counted.
 *
 * Refused frames are counted too, and drain at the same rate as tokens refill:
 * more than `burst` refusals outstanding (a client sending at over twice the
 * rate for a few seconds, or a flood of more than twice the burst at once)
 * is sustained abuse, and the socket is closed. An ack that acknowledges a
 * waiting notification gets its token back (the object), so a client acking
 * what it was sent is never limited.
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
