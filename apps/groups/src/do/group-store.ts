import { z } from "zod";
import {
  type Group,
  type Invitation,
  InvitationStatus,
  type JoinRequest,
  JoinRequestStatus,
  Member,
  Role,
} from "../model";

/** The tables as schema step 1 created them; later steps are in the class's schema.ts. */
export const GROUP_TABLES = [
  `CREATE TABLE IF NOT EXISTS group_info (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     created_by TEXT NOT NULL
   )`,
  // Display names as the users' own sessions last gave them.
  `CREATE TABLE IF NOT EXISTS people (user_id TEXT PRIMARY KEY, name TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS members (user_id TEXT PRIMARY KEY, role TEXT NOT NULL, joined_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS invitations (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     invited_by TEXT NOT NULL,
     status TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     responded_at INTEGER
   )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS invitations_one_pending ON invitations (user_id) WHERE status = 'pending'`,
  `CREATE TABLE IF NOT EXISTS join_requests (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     message TEXT,
     status TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     decided_at INTEGER,
     decided_by TEXT,
     reason TEXT
   )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS join_requests_one_pending ON join_requests (user_id) WHERE status = 'pending'`,
];

const GroupRow = z.object({ id: z.string(), name: z.string(), createdAt: z.number().int(), createdById: z.string() });
export type GroupRow = z.infer<typeof GroupRow>;

const Membership = z.object({ role: Role, joinedAt: z.number().int() });

const InvitationRow = z.object({
  id: z.string(),
  userId: z.string(),
  invitedById: z.string(),
  status: InvitationStatus,
  createdAt: z.number().int(),
  respondedAt: z.number().int().nullable(),
});
export type InvitationRow = z.infer<typeof InvitationRow>;

const JoinRequestRow = z.object({
  id: z.string(),
  userId: z.string(),
  message: z.string().nullable(),
  status: JoinRequestStatus,
  createdAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  decidedById: z.string().nullable(),
  reason: z.string().nullable(),
});
export type JoinRequestRow = z.infer<typeof JoinRequestRow>;

const INVITATION_COLUMNS =
  "id, user_id AS userId, invited_by AS invitedById, status, created_at AS createdAt, responded_at AS respondedAt";
const JOIN_REQUEST_COLUMNS = `id, user_id AS userId, message, status, created_at AS createdAt,
  decided_at AS decidedAt, decided_by AS decidedById, reason`;

/** Reads the rows of a query through `schema`; a row that does not parse is a corrupted store, and says so. */
function rows<T>(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>, schema: z.ZodType<T>): T[] {
  return cursor.toArray().map((raw) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`unreadable row: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/**
 * One group's state in its object's SQLite storage. Every method is a
 * synchronous SQLite call, so the flows that combine them run inside one
 * `transactionSync` and commit together.
 */
export class GroupStore {
  constructor(private readonly sql: SqlStorage) {}

  group(): GroupRow | null {
    const cursor = this.sql.exec(
      "SELECT id, name, created_at AS createdAt, created_by AS createdById FROM group_info LIMIT 1",
    );
    return rows(cursor, GroupRow)[0] ?? null;
  }

  createGroup(group: GroupRow): void {
    this.sql.exec(
      "INSERT INTO group_info (id, name, created_at, created_by) VALUES (?, ?, ?, ?)",
      group.id,
      group.name,
      group.createdAt,
      group.createdById,
    );
  }

  rememberName(userId: string, name: string): void {
    this.sql.exec(
      "INSERT INTO people (user_id, name) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET name = excluded.name",
      userId,
      name,
    );
  }

  /** The display name the group knows for `userId`, or null when that user has never acted in this group. */
  nameOf(userId: string): string | null {
    const cursor = this.sql.exec("SELECT name FROM people WHERE user_id = ?", userId);
    return rows(cursor, z.object({ name: z.string() }))[0]?.name ?? null;
  }

  roleOf(userId: string): Role | null {
    return this.membership(userId)?.role ?? null;
  }

  membership(userId: string): { role: Role; joinedAt: number } | null {
    const cursor = this.sql.exec("SELECT role, joined_at AS joinedAt FROM members WHERE user_id = ?", userId);
    return rows(cursor, Membership)[0] ?? null;
  }

  members(): Member[] {
    const cursor = this.sql.exec(
      `SELECT m.user_id AS userId, COALESCE(p.name, m.user_id) AS name, m.role, m.joined_at AS joinedAt
       FROM members m LEFT JOIN people p ON p.user_id = m.user_id ORDER BY m.joined_at, m.user_id`,
    );
    return rows(cursor, Member);
  }

  adminIds(): string[] {
    const cursor = this.sql.exec("SELECT user_id AS userId FROM members WHERE role = 'admin' ORDER BY user_id");
    return rows(cursor, z.object({ userId: z.string() })).map((row) => row.userId);
  }

  addMember(userId: string, role: Role, joinedAt: number): void {
    this.sql.exec("INSERT INTO members (user_id, role, joined_at) VALUES (?, ?, ?)", userId, role, joinedAt);
  }

  setRole(userId: string, role: Role): void {
    this.sql.exec("UPDATE members SET role = ? WHERE user_id = ?", role, userId);
  }

  removeMember(userId: string): void {
    this.sql.exec("DELETE FROM members WHERE user_id = ?", userId);
  }

  invitation(id: string): InvitationRow | null {
    return (
      rows(this.sql.exec(`SELECT ${INVITATION_COLUMNS} FROM invitations WHERE id = ?`, id), InvitationRow)[0] ?? null
    );
  }

  pendingInvitationOf(userId: string): InvitationRow | null {
    const cursor = this.sql.exec(
      `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE user_id = ? AND status = 'pending'`,
      userId,
    );
    return rows(cursor, InvitationRow)[0] ?? null;
  }

  addInvitation(invitation: InvitationRow): void {
    this.sql.exec(
      "INSERT INTO invitations (id, user_id, invited_by, status, created_at, responded_at) VALUES (?, ?, ?, ?, ?, ?)",
      invitation.id,
      invitation.userId,
      invitation.invitedById,
      invitation.status,
      invitation.createdAt,
      invitation.respondedAt,
    );
  }

  setInvitationStatus(id: string, status: InvitationStatus, at: number): void {
    this.sql.exec("UPDATE invitations SET status = ?, responded_at = ? WHERE id = ?", status, at, id);
  }

  joinRequest(id: string): JoinRequestRow | null {
    const cursor = this.sql.exec(`SELECT ${JOIN_REQUEST_COLUMNS} FROM join_requests WHERE id = ?`, id);
    return rows(cursor, JoinRequestRow)[0] ?? null;
  }

  pendingJoinRequestOf(userId: string): JoinRequestRow | null {
    const cursor = this.sql.exec(
      `SELECT ${JOIN_REQUEST_COLUMNS} FROM join_requests WHERE user_id = ? AND status = 'pending'`,
      userId,
    );
    return rows(cursor, JoinRequestRow)[0] ?? null;
  }

  pendingJoinRequests(): JoinRequestRow[] {
    const cursor = this.sql.exec(
      `SELECT ${JOIN_REQUEST_COLUMNS} FROM join_requests WHERE status = 'pending' ORDER BY created_at, id`,
    );
    return rows(cursor, JoinRequestRow);
  }

  addJoinRequest(request: JoinRequestRow): void {
    this.sql.exec(
      `INSERT INTO join_requests (id, user_id, message, status, created_at, decided_at, decided_by, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      request.id,
      request.userId,
      request.message,
      request.status,
      request.createdAt,
      request.decidedAt,
      request.decidedById,
      request.reason,
    );
  }

  decideJoinRequest(
    id: string,
    decision: { status: JoinRequestStatus; at: number; byId: string | null; reason: string | null },
  ): void {
    this.sql.exec(
      "UPDATE join_requests SET status = ?, decided_at = ?, decided_by = ?, reason = ? WHERE id = ?",
      decision.status,
      decision.at,
      decision.byId,
      decision.reason,
      id,
    );
  }

  // The shapes the API answers with.

  groupView(group: GroupRow): Group {
    return { ...group, members: this.members() };
  }

  invitationView(group: GroupRow, row: InvitationRow): Invitation {
    return {
      id: row.id,
      groupId: group.id,
      groupName: group.name,
      userId: row.userId,
      userName: this.nameOf(row.userId) ?? row.userId,
      invitedById: row.invitedById,
      invitedByName: this.nameOf(row.invitedById) ?? row.invitedById,
      status: row.status,
      createdAt: row.createdAt,
      respondedAt: row.respondedAt,
    };
  }

  joinRequestView(group: GroupRow, row: JoinRequestRow): JoinRequest {
    return {
      id: row.id,
      groupId: group.id,
      groupName: group.name,
      userId: row.userId,
      userName: this.nameOf(row.userId) ?? row.userId,
      message: row.message,
      status: row.status,
      createdAt: row.createdAt,
      decidedAt: row.decidedAt,
      decidedById: row.decidedById,
      reason: row.reason,
    };
  }
}
