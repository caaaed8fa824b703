import { sleep } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { notificationLog } from "../../db/schema";
import { auditDb } from "../helpers";

export type AuditRows = Awaited<ReturnType<typeof auditRows>>;

/** The user's audit rows, read directly (not through the fault proxy); pass `db` to reuse one connection. */
export function auditRows(userId: string, db = auditDb()) {
  return db.select().from(notificationLog).where(eq(notificationLog.userId, userId));
}

/** Polls the audit log until `predicate` holds, over one connection rather than one per look. */
export async function waitForAudit(userId: string, predicate: (rows: AuditRows) => boolean, timeoutMs = 15_000) {
  const db = auditDb();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await auditRows(userId, db);
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`audit rows never matched: ${JSON.stringify(rows)}`);
    await sleep(100);
  }
}
