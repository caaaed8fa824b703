import { z } from "zod";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Config = z.object({
  /** The delay before the first retry of an outbox entry; it doubles with every failure. */
  outboxBaseDelayMs: ms(1_000),
  /** The ceiling of that delay while the receiver stays unreachable. */
  outboxMaxDelayMs: ms(5 * 60 * 1_000),
  /** Entries attempted in one delivery pass. */
  outboxBatchSize: z.coerce.number().int().min(1).max(1_000).default(100),
  /** Attempts an entry gets when its receiver refuses it for good (invalid input) before it is dead-lettered. */
  outboxPermanentAttempts: z.coerce.number().int().min(1).max(100).default(3),
  /** Invitations, join requests and group creations one user may make per minute, and per day. */
  actionsPerMinute: z.coerce.number().int().min(1).default(30),
  actionsPerDay: z.coerce.number().int().min(1).default(300),
  /** A delivery that has not answered by then counts as failed; its dedupe key makes the retry harmless. */
  publishTimeoutMs: ms(10_000),
});
export type Config = z.infer<typeof Config>;

export function readConfig(env: Env): Config {
  const parsed = Config.safeParse({
    outboxBaseDelayMs: env.OUTBOX_BASE_DELAY_MS,
    outboxMaxDelayMs: env.OUTBOX_MAX_DELAY_MS,
    outboxBatchSize: env.OUTBOX_BATCH_SIZE,
    publishTimeoutMs: env.PUBLISH_TIMEOUT_MS,
    outboxPermanentAttempts: env.OUTBOX_PERMANENT_ATTEMPTS,
    actionsPerMinute: env.GROUP_ACTIONS_PER_MINUTE,
    actionsPerDay: env.GROUP_ACTIONS_PER_DAY,
  });
  if (!parsed.success) throw new Error(`invalid groups configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
