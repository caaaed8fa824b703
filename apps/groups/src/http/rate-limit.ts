import type { Context } from "hono";
import type { AppEnv } from "../env";
import { log } from "../log";
import { directoryOf } from "../routes/objects";

/**
 * Takes one of the acting user's rate-limited actions (invitations, join
 * requests, group creation), or answers 429 with `Retry-After` in seconds.
 * Called after the request is known to be well-formed and before any group
 * object is touched, so a refused action changes nothing.
 */
export async function limitAction(c: Context<AppEnv>, action: string): Promise<Response | null> {
  const decision = await directoryOf(c.env, c.var.actor.id).takeAction();
  if (decision.allowed) return null;
  const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1_000));
  log("rate_limited", { action, userId: c.var.actor.id, retryAfterSeconds });
  return c.json(
    {
      error: `rate limit reached: too many invitations, join requests or new groups; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    },
    429,
    { "Retry-After": String(retryAfterSeconds) },
  );
}
