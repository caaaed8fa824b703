import { withTimeout } from "@repo/do-utils";
import { type AuditMessage, ConnectionRow, type SendAudit } from "../audit-queue/messages";
import type { Config } from "../config";
import { log } from "../log";
import { flushBackoffMs } from "./audit";
import { errorMessage } from "./errors";
import type { NotificationStore } from "./store";

/** The close code recorded for a socket that vanished without a close event (eviction, crash). */
export const CLOSE_VANISHED = 1006;

const RETRY_AT = "connections_retry_at";
const FAILURES = "connections_failures";
const BACKLOG_REPORTED = "backlog_reported";

type LogConfig = Pick<
  Config,
  "connectionHeartbeatMs" | "outboxFlushDelayMs" | "outboxMaxBackoffMs" | "outboxBatchSize" | "auditTimeoutMs"
>;

/**
 * The object's connection log (issue 10): connect and disconnect facts kept
 * in SQLite and sent to Postgres in batches by the alarm, never in front of
 * a socket. Open connections get their `last_seen_at` refreshed every
 * `connectionHeartbeatMs`, which lets the stats treat a row whose object
 * vanished as closed. The same write reports the object's audit backlog.
 */
export class ConnectionLog {
  constructor(
    private readonly sql: SqlStorage,
    private readonly store: NotificationStore,
    private readonly config: LogConfig,
  ) {}

  opened(connectionId: string, at: number, userAgentFamily: string | null): void {
    this.sql.exec(
      `INSERT INTO connections (connection_id, connected_at, user_agent_family, last_seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (connection_id) DO NOTHING`,
      connectionId,
      at,
      userAgentFamily,
      at,
    );
  }

  /**
   * Closes the record once: a later close event of a socket already found
   * vanished (or an error followed by a close) changes nothing. True when it closed it now.
   */
  closed(connectionId: string | undefined, at: number, code: number): boolean {
    if (connectionId === undefined) return false;
    return (
      this.sql.exec(
        `UPDATE connections SET disconnected_at = ?, close_code = ?, last_seen_at = ?, version = version + 1
       WHERE connection_id = ? AND disconnected_at IS NULL`,
        at,
        code,
        at,
        connectionId,
      ).rowsWritten > 0
    );
  }

  /** Closes the open records whose socket is no longer among `liveIds`; returns how many. */
  closeVanished(liveIds: ReadonlySet<string>, at: number): number {
    const open = this.sql
      .exec<{ id: string }>("SELECT connection_id AS id FROM connections WHERE disconnected_at IS NULL")
      .toArray();
    let closed = 0;
    for (const { id } of open) {
      if (!liveIds.has(id) && this.closed(id, at, CLOSE_VANISHED)) closed++;
    }
    return closed;
  }

  /** When the alarm next has work here, or null: a flush of waiting rows, a backlog report, or a heartbeat. */
  nextWorkAt(now: number): number | null {
    const candidates: number[] = [];
    const retryAt = this.store.getMeta(RETRY_AT);
    if (this.waiting() > 0 || this.backlogChanged()) {
      candidates.push(retryAt === null ? now + this.config.outboxFlushDelayMs : Number(retryAt));
    }
    const heartbeat = this.nextHeartbeatAt();
    if (heartbeat !== null) candidates.push(heartbeat);
    return candidates.length === 0 ? null : Math.min(...candidates);
  }

  /**
   * Refreshes open connections when their heartbeat is due, then hands the
   * waiting rows and the audit backlog to the audit queue, whose consumer
   * writes them to Postgres. Never throws: a failed send keeps everything for
   * a later alarm (and returns false).
   */
  async flushIfDue(send: SendAudit, userId: string, now: number): Promise<boolean> {
    const heartbeat = this.nextHeartbeatAt();
    if (heartbeat !== null && heartbeat <= now) {
      this.sql.exec(
        "UPDATE connections SET last_seen_at = ?, version = version + 1 WHERE disconnected_at IS NULL",
        now,
      );
    }
    const retryAt = this.store.getMeta(RETRY_AT);
    if (retryAt !== null && Number(retryAt) > now) return true;
    const rows = this.waitingRows();
    const backlog = this.store.outboxSpan();
    if (rows.length === 0 && !this.backlogChanged()) return true;
    try {
      const messages: AuditMessage[] = rows.map((row) => ({ kind: "connection", userId, row }));
      messages.push({ kind: "backlog", userId, waiting: backlog, reportedAt: now });
      await withTimeout(send(messages), this.config.auditTimeoutMs, "connection log flush");
      for (const row of rows) {
        this.sql.exec(
          "UPDATE connections SET flushed_version = ? WHERE connection_id = ?",
          row.version,
          row.connectionId,
        );
      }
      this.sql.exec("DELETE FROM connections WHERE disconnected_at IS NOT NULL AND flushed_version >= version");
      this.store.setMeta(BACKLOG_REPORTED, String(backlog));
      this.store.setMeta(FAILURES, null);
      this.store.setMeta(RETRY_AT, null);
      log("connection_log_flush", { userId, rows: rows.length, backlog });
      return true;
    } catch (error) {
      const failures = Number(this.store.getMeta(FAILURES) ?? "0") + 1;
      const delay = flushBackoffMs(failures, this.config.outboxFlushDelayMs, this.config.outboxMaxBackoffMs);
      this.store.setMeta(FAILURES, String(failures));
      this.store.setMeta(RETRY_AT, String(Date.now() + delay));
      log("connection_log_flush_failed", { userId, failures, retryInMs: delay, error: errorMessage(error) });
      return false;
    }
  }

  private nextHeartbeatAt(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>("SELECT MIN(last_seen_at) AS at FROM connections WHERE disconnected_at IS NULL")
      .one();
    return row.at === null ? null : row.at + this.config.connectionHeartbeatMs;
  }

  private waiting(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM connections WHERE version > flushed_version").one()
      .n;
  }

  private backlogChanged(): boolean {
    return this.store.getMeta(BACKLOG_REPORTED) !== String(this.store.outboxSpan());
  }

  private waitingRows(): ConnectionRow[] {
    const raw = this.sql
      .exec(
        `SELECT connection_id AS connectionId, connected_at AS connectedAt, user_agent_family AS userAgentFamily,
           disconnected_at AS disconnectedAt, close_code AS closeCode, last_seen_at AS lastSeenAt, version
         FROM connections WHERE version > flushed_version ORDER BY connected_at LIMIT ?`,
        this.config.outboxBatchSize,
      )
      .toArray();
    const rows: ConnectionRow[] = [];
    for (const row of raw) {
      const parsed = ConnectionRow.safeParse(row);
      if (parsed.success) rows.push(parsed.data);
      // A row that cannot be read could never be sent: drop it instead of holding up the others.
      else this.sql.exec("DELETE FROM connections WHERE connection_id = ?", row.connectionId ?? null);
    }
    return rows;
  }
}
