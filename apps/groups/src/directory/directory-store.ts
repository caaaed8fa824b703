import { z } from "zod";
import type { GroupSummary, Invitation } from "../model";
import { Relation } from "./relation";

/** The tables as schema step 1 created them; later steps are in the class's schema.ts. */
export const DIRECTORY_TABLES = [
  `CREATE TABLE IF NOT EXISTS relations (
     group_id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     relation TEXT NOT NULL
   )`,
];

const Row = z.object({ relation: z.string() });

/**
 * One user's directory: their relation to each group they belong to or are
 * invited to, as the groups last reported it. A relation that lost both its
 * membership and its invitation stays as a tombstone, so its version still
 * beats a late older report.
 */
export class DirectoryStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Keeps `relation` unless a newer one for the same group is already here; applying the same one twice changes nothing. */
  apply(version: number, relation: Relation): boolean {
    const cursor = this.sql.exec(
      `INSERT INTO relations (group_id, version, relation) VALUES (?, ?, ?)
       ON CONFLICT (group_id) DO UPDATE SET version = excluded.version, relation = excluded.relation
       WHERE excluded.version > relations.version`,
      relation.groupId,
      version,
      JSON.stringify(relation),
    );
    return cursor.rowsWritten > 0;
  }

  groups(): GroupSummary[] {
    return this.relations().flatMap((relation) =>
      relation.membership ? [{ id: relation.groupId, name: relation.groupName, ...relation.membership }] : [],
    );
  }

  pendingInvitations(): Invitation[] {
    return this.relations().flatMap((relation) =>
      relation.invitation?.status === "pending" ? [relation.invitation] : [],
    );
  }

  private relations(): Relation[] {
    return this.sql
      .exec("SELECT relation FROM relations ORDER BY version")
      .toArray()
      .flatMap((raw) => {
        const row = Row.safeParse(raw);
        if (!row.success) return [];
        let json: unknown;
        try {
          json = JSON.parse(row.data.relation);
        } catch {
          return [];
        }
        const relation = Relation.safeParse(json);
        return relation.success ? [relation.data] : [];
      });
  }
}
