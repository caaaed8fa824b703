import { eventDefinitions, isDedupeConflict, type PublishResult, UserId } from "@repo/notifications";
import type { Context } from "hono";
import { z } from "zod";
import { ADMIN_FANOUT_CONCURRENCY, ADMIN_MAX_RECIPIENTS, settleWithConcurrency } from "./fan-out";

export const AdminPublishBody = z.object({
  userIds: z.array(UserId).min(1).max(ADMIN_MAX_RECIPIENTS),
  type: z.literal("system.announcement"),
  data: eventDefinitions["system.announcement"].data,
  requiresAck: z.boolean().optional(),
});

const IdempotencyKey = z.string().min(1).max(100);

/**
 * `POST /admin/notifications` (design §5): operators' announcements (behind requireAdmin). An
 * `Idempotency-Key` header makes a retried request publish nothing twice.
 */
export async function publishAnnouncement(c: Context<{ Bindings: Env }>) {
  const body = AdminPublishBody.safeParse(await c.req.json().catch(() => undefined));
  if (!body.success) return c.json({ error: "invalid body", issues: body.error.issues }, 400);
  const key = c.req.header("Idempotency-Key");
  const idempotency = key === undefined ? undefined : IdempotencyKey.safeParse(key);
  if (idempotency && !idempotency.success) {
    return c.json({ error: "invalid Idempotency-Key", issues: idempotency.error.issues }, 400);
  }

  const userIds = [...new Set(body.data.userIds)];
  const results = await settleWithConcurrency(userIds, ADMIN_FANOUT_CONCURRENCY, (userId) =>
    c.env.NOTIFICATIONS.getByName(userId).publishNotification(userId, {
      type: body.data.type,
      data: body.data.data,
      ...(body.data.requiresAck === undefined ? {} : { requiresAck: body.data.requiresAck }),
      ...(idempotency?.success ? { dedupeKey: `admin:${idempotency.data}` } : {}),
    }),
  );
  const published: (Omit<PublishResult, "delivered"> & { userId: string })[] = [];
  const failed: { userId: string; error: string }[] = [];
  results.forEach((result, index) => {
    const userId = userIds[index] ?? "";
    if (result.status === "fulfilled") published.push({ userId, id: result.value.id, seq: result.value.seq });
    else failed.push({ userId, error: result.reason instanceof Error ? result.reason.message : "publish failed" });
  });
  // The same Idempotency-Key with a different body: the caller's mistake, not a retry.
  if (results.some((result) => result.status === "rejected" && isDedupeConflict(result.reason))) {
    return c.json({ error: "Idempotency-Key already used with a different body", published, failed }, 409);
  }
  if (failed.length > 0) return c.json({ published, failed }, 502);
  return c.json({ published });
}
