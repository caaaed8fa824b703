import { z } from "zod";
import type { Env } from "./env";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Config = z.object({
  /** The delay before the first retry of an outbox entry; it doubles with every failure. */
  outboxBaseDelayMs: ms(1_000),
  /** The ceiling of that delay while the receiver stays unreachable. */
  outboxMaxDelayMs: ms(5 * 60 * 1_000),
  /** Entries attempted in one delivery pass. */
  outboxBatchSize: z.coerce.number().int().min(1).max(1_000).default(100),
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
  });
  if (!parsed.success) throw new Error(`invalid groups configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
