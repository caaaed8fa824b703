import { z } from "zod";
import { AuditRow } from "../do/audit-row";

/** One connection's row of the Postgres connection log (do/connection-log.ts); times in ms since the epoch. */
export const ConnectionRow = z.object({
  connectionId: z.string(),
  connectedAt: z.number().int(),
  userAgentFamily: z.string().nullable(),
  disconnectedAt: z.number().int().nullable(),
  closeCode: z.number().int().nullable(),
  lastSeenAt: z.number().int(),
  version: z.number().int(),
});
export type ConnectionRow = z.infer<typeof ConnectionRow>;

/**
 * What the objects hand to the audit queue (design §6): every write to
 * Postgres, one row a message, so that one consumer writes many objects' rows
 * over one connection instead of every object opening its own.
 */
export const AuditMessage = z.discriminatedUnion("kind", [
  /** A notification's newest audit row; Postgres keeps the highest version. */
  z.object({ kind: z.literal("audit"), version: z.number().int().nonnegative(), row: AuditRow }),
  /** A connection's row of the connection log; Postgres keeps the highest version. */
  z.object({ kind: z.literal("connection"), userId: z.string(), row: ConnectionRow }),
  /** How many audit rows wait in an object's outbox, as it counted them at `reportedAt`. */
  z.object({
    kind: z.literal("backlog"),
    userId: z.string(),
    waiting: z.number().int().nonnegative(),
    reportedAt: z.number().int(),
  }),
]);
export type AuditMessage = z.infer<typeof AuditMessage>;

/** What sends messages to the audit queue: the object's side, a seam its tests can fail. */
export type SendAudit = (messages: readonly AuditMessage[]) => Promise<void>;
