import type { AuditMessage, SendAudit } from "./messages";

/** Cloudflare Queues: at most 100 messages and 256 KB in one `sendBatch`, 128 KB in one message. */
const QUEUE_BATCH_MESSAGES = 100;
const QUEUE_BATCH_BYTES = 240 * 1024;
const QUEUE_MESSAGE_BYTES = 120 * 1024;

const encoder = new TextEncoder();

/**
 * Sends `messages` with as few `sendBatch` calls as the queue's limits allow,
 * in order. A message over the queue's size limit could never be sent: it is
 * refused by name instead of being retried for ever.
 */
export function queueSender(queue: Queue<AuditMessage>): SendAudit {
  return async (messages) => {
    let batch: MessageSendRequest<AuditMessage>[] = [];
    let bytes = 0;
    for (const message of messages) {
      const size = encoder.encode(JSON.stringify(message)).byteLength;
      if (size > QUEUE_MESSAGE_BYTES) {
        throw new RangeError(`a ${message.kind} message of ${size} bytes is over the queue's ${QUEUE_MESSAGE_BYTES}`);
      }
      if (batch.length === QUEUE_BATCH_MESSAGES || bytes + size > QUEUE_BATCH_BYTES) {
        await queue.sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ body: message, contentType: "json" });
      bytes += size;
    }
    if (batch.length > 0) await queue.sendBatch(batch);
  };
}
