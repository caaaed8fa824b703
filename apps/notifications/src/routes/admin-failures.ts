import { isDedupeConflict, NotificationFrame, PublishInput } from "@repo/notifications";
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import { z } from "zod";
import { createDb } from "../db/client";
import { notificationLog } from "../db/schema";
import { log } from "../log";

const QUERY_TIMEOUT_SECONDS = 5;

/** The cursor of the next page: the last item's `<sentAt ms>:<id>`. */
const Before = z.string().regex(/^\d{1,15}:[0-9a-f-]{36}$/i, "before must be the nextBefore of the previous page");

export const FailedListQuery = z.object({
  status: z.enum(["pending", "acked", "failed", "sent", "muted"]).default("failed"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: Before.optional(),
});

/**
 * `GET /admin/notifications?status=failed&limit=50&before=<cursor>` (design
 * §5.0.1): newest first, `nextBefore` null at the end.
 */
export async function listNotifications(c: Context<{ Bindings: Env }>) {
  const query = FailedListQuery.safeParse(c.req.query());
  if (!query.success) return c.json({ error: "invalid query", issues: query.error.issues }, 400);
  const { status, limit, before } = query.data;
  const conditions: SQL[] = [eq(notificationLog.status, status)];
  if (before) {
    const [ms, id] = before.split(/:(.*)/s);
    conditions.push(
      sql`(${notificationLog.sentAt}, ${notificationLog.id}) < (${new Date(Number(ms)).toISOString()}::timestamptz, ${id}::uuid)`,
    );
  }
  const db = createDb(c.env.HYPERDRIVE.connectionString, QUERY_TIMEOUT_SECONDS);
  const rows = await db
    .select({
      id: notificationLog.id,
      userId: notificationLog.userId,
      type: notificationLog.eventType,
      sentAt: notificationLog.sentAt,
      status: notificationLog.status,
      retryCount: notificationLog.retryCount,
    })
    .from(notificationLog)
    .where(and(...conditions))
    .orderBy(desc(notificationLog.sentAt), desc(notificationLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((row) => ({ ...row, sentAt: row.sentAt.getTime() }));
  const last = items.at(-1);
  return c.json({ items, nextBefore: rows.length > limit && last ? `${last.sentAt}:${last.id}` : null });
}

/**
 * `POST /admin/notifications/:id/resend` (design §5.0.1): publishes a new
 * notification with the failed one's type and data to the same user. Its
 * dedupe key `resend:<id>` makes a retried resend yield the same one.
 */
export async function resendNotification(c: Context<{ Bindings: Env }>) {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) return c.json({ error: "no such notification" }, 404);
  const db = createDb(c.env.HYPERDRIVE.connectionString, QUERY_TIMEOUT_SECONDS);
  const [row] = await db
    .select({ userId: notificationLog.userId, status: notificationLog.status, payload: notificationLog.payload })
    .from(notificationLog)
    .where(eq(notificationLog.id, id.data));
  if (!row) return c.json({ error: "no such notification" }, 404);
  if (row.status !== "failed") {
    return c.json({ error: `only a failed notification can be resent; this one is ${row.status}` }, 409);
  }
  const frame = NotificationFrame.safeParse(row.payload);
  const input = frame.success
    ? PublishInput.safeParse({
        type: frame.data.type,
        data: frame.data.data,
        requiresAck: frame.data.requiresAck,
        dedupeKey: `resend:${id.data}`,
      })
    : frame;
  if (!input.success) {
    return c.json(
      { error: "the stored notification no longer matches its event schema", issues: input.error.issues },
      422,
    );
  }
  try {
    const published = await c.env.NOTIFICATIONS.getByName(row.userId).publishNotification(row.userId, input.data);
    log("resend", { userId: row.userId, id: id.data, newId: published.id, seq: published.seq });
    return c.json({ id: published.id, seq: published.seq });
  } catch (error) {
    if (isDedupeConflict(error)) return c.json({ error: "this notification was already resent differently" }, 409);
    throw error;
  }
}
