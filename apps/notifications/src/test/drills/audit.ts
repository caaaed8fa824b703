import { sleep } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { notificationLog } from "../../db/schema";
import { auditDb } from "../helpers";

export type AuditRows = Awaited<ReturnType<typeof auditRows>>;

export function auditRows(userId: string) {
  return auditDb().select().from(notificationLog).where(eq(notificationLog.userId, userId));
}

/** Polls the audit log (directly, not through the fault proxy) until `predicate` holds. */
export async function waitForAudit(userId: string, predicate: (rows: AuditRows) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await auditRows(userId);
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`audit rows never matched: ${JSON.stringify(rows)}`);
    await sleep(100);
  }
}
