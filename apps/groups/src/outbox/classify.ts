/**
 * Whether a failed delivery can never succeed as it stands. The receiving
 * objects refuse input that does not validate with a TypeError ("invalid
 * notification: …", "invalid userId: …", "invalid relation: …"), and Durable
 * Object RPC hands the caller an exception of the same type and message,
 * marked `remote: true` because the object's own code threw it. Anything
 * else (a timeout, an unreachable or overloaded object, a worker that fails
 * to start, an answer we cannot read) may pass on a later attempt, and
 * so does an exception the runtime flags `retryable`.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (flag(error, "retryable") || flag(error, "overloaded")) return false;
  return error.name === "TypeError" && flag(error, "remote");
}

function flag(error: Error, name: "remote" | "retryable" | "overloaded"): boolean {
  return name in error && Reflect.get(error, name) === true;
}

/**
 * What becomes of an entry after its `failures`-th failed attempt in a row. A
 * permanent refusal is tried a few times (`permanentAttempts`) in case it
 * came from a receiver mid-deploy, then dead-lettered, so it stops holding
 * back the entries behind it; anything else is retried with backoff for as
 * long as it takes, because the receiver will be back.
 */
export function afterFailure(failures: number, permanent: boolean, permanentAttempts: number): "retry" | "dead-letter" {
  return permanent && failures >= permanentAttempts ? "dead-letter" : "retry";
}
