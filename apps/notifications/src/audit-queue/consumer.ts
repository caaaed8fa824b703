import { withTimeout } from "@repo/do-utils";
import { readConfig } from "../config";
import { invocationDb } from "../db/client";
import { flushBackoffMs } from "../do/audit";
import { errorMessage } from "../do/errors";
import { log, setLogLevel } from "../log";
import { AuditMessage } from "./messages";
import { writeAuditMessages } from "./write";

/**
 * The audit queue's consumer (design §6): writes a batch of many objects'
 * rows to Postgres over one connection. On failure (Postgres down, a timeout)
 * every message is retried after a jittered, growing delay, up to the
 * queue's `max_retries`, then goes to its dead-letter queue. A message that
 * does not parse could never be written: it is acknowledged and logged by id.
 */
export async function consumeAuditBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = readConfig(env);
  setLogLevel(config.logLevel);
  const valid: { message: Message<unknown>; body: AuditMessage }[] = [];
  for (const message of batch.messages) {
    const parsed = AuditMessage.safeParse(message.body);
    if (parsed.success) valid.push({ message, body: parsed.data });
    else {
      log("audit_message_dropped", { queue: batch.queue, messageId: message.id });
      message.ack();
    }
  }
  if (valid.length === 0) return;
  const database = invocationDb(env.HYPERDRIVE?.connectionString, Math.ceil(config.auditTimeoutMs / 1000));
  try {
    await withTimeout(
      writeAuditMessages(
        database.get(),
        valid.map((entry) => entry.body),
      ),
      config.auditTimeoutMs,
      "audit queue write",
    );
    for (const { message } of valid) message.ack();
    log("audit_queue_write", { queue: batch.queue, messages: valid.length });
  } catch (error) {
    // A write that failed leaves no client behind retrying it (db/client.ts).
    await database.abandon();
    for (const { message } of valid) {
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, config.auditQueueMaxDelaySeconds) });
    }
    log("audit_queue_write_failed", {
      queue: batch.queue,
      messages: valid.length,
      attempts: Math.max(...valid.map(({ message }) => message.attempts)),
      error: errorMessage(error),
    });
  }
}

/** Full jitter between 1 s and a ceiling that doubles with each attempt up to `maxSeconds`. */
export function retryDelaySeconds(attempts: number, maxSeconds: number, random = Math.random): number {
  return Math.max(1, Math.ceil(flushBackoffMs(attempts, 1_000, maxSeconds * 1_000, random) / 1_000));
}
