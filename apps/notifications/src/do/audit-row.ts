import { z } from "zod";

/** One row of the Postgres audit log as queued in the outbox; times in ms since the epoch. */
export const AuditRow = z.object({
  id: z.uuid(),
  userId: z.string(),
  eventType: z.string(),
  payload: z.record(z.string(), z.unknown()),
  sentAt: z.number().int(),
  acknowledged: z.boolean(),
  acknowledgedAt: z.number().int().nullable(),
  retryCount: z.number().int().nonnegative(),
  lastRetryAt: z.number().int().nullable(),
  status: z.enum(["pending", "acked", "failed", "sent", "muted"]),
  /** Its round 1 happened; rows queued before this field existed read as not delivered. */
  delivered: z.boolean().default(false),
});
export type AuditRow = z.infer<typeof AuditRow>;

export function auditRowOf(json: string): AuditRow | null {
  try {
    const parsed = AuditRow.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
