import { withTimeout } from "@repo/do-utils";
import type { SendAudit } from "../audit-queue/messages";
import type { Config } from "../config";
import { log } from "../log";
import { flushBackoffMs } from "./audit";
import { errorMessage } from "./errors";
import type { NotificationStore } from "./store";

const FLUSH_AT = "outbox_flush_at";
const FLUSH_FAILURES = "outbox_flush_failures";

type FlushConfig = Pick<Config, "outboxBatchSize" | "outboxFlushDelayMs" | "outboxMaxBackoffMs" | "auditTimeoutMs">;

/**
 * When the audit outbox is next flushed, or null when it is empty. A first
 * row waits `outboxFlushDelayMs`, so rows gather into batches instead of a
 * write per event.
 */
export function nextFlushAt(store: NotificationStore, now: number, config: FlushConfig): number | null {
  const flushAt = store.getMeta(FLUSH_AT);
  if (flushAt !== null) return Number(flushAt);
  if (store.outboxSpan() === 0) return null;
  const at = now + config.outboxFlushDelayMs;
  store.setMeta(FLUSH_AT, String(at));
  return at;
}

/**
 * Hands the audit outbox to the audit queue in batches, if its flush is due
 * at `now`; the queue's consumer writes them to Postgres (design §6). A row
 * leaves the outbox only once the queue took it. Never throws: a failed send
 * keeps every row and is retried after a jittered backoff. A row that cannot
 * be read back is dropped (and logged by id) instead of holding up the rows
 * behind it. False when the send failed.
 */
export async function flushOutboxIfDue(
  store: NotificationStore,
  send: SendAudit,
  userId: string,
  now: number,
  config: FlushConfig,
): Promise<boolean> {
  const flushAt = store.getMeta(FLUSH_AT);
  if (flushAt === null || Number(flushAt) > now) return true;
  try {
    let flushed = 0;
    for (;;) {
      const { entries: batch, unreadable } = store.outboxBatch(config.outboxBatchSize);
      for (const id of unreadable) log("audit_row_dropped", { userId, id });
      if (batch.length === 0 && unreadable.length === 0) break;
      const messages = batch.map(({ row, version }) => ({ kind: "audit" as const, row, version }));
      await withTimeout(send(messages), config.auditTimeoutMs, "audit flush");
      store.removeFromOutbox(batch);
      flushed += batch.length;
      if (batch.length + unreadable.length < config.outboxBatchSize) break;
    }
    store.setMeta(FLUSH_FAILURES, null);
    // Rows that changed while their batch was in flight go in the next run, at once.
    store.setMeta(FLUSH_AT, store.outboxSpan() > 0 ? String(Date.now()) : null);
    log("audit_flush", { userId, rows: flushed });
    return true;
  } catch (error) {
    const failures = Number(store.getMeta(FLUSH_FAILURES) ?? "0") + 1;
    const delay = flushBackoffMs(failures, config.outboxFlushDelayMs, config.outboxMaxBackoffMs);
    store.setMeta(FLUSH_FAILURES, String(failures));
    store.setMeta(FLUSH_AT, String(Date.now() + delay));
    log("audit_flush_failed", {
      userId,
      failures,
      retryInMs: delay,
      waiting: store.outboxSpan(),
      error: errorMessage(error),
    });
    return false;
  }
}
