import type { SchemaSteps } from "@repo/do-utils";
import { OUTBOX_TABLES } from "../outbox/outbox-store";
import { GROUP_TABLES } from "./group-store";

/**
 * The SQLite schema of GroupsDO, one step per version (design §6). Step 1 is
 * the schema that objects created before versioning already have, hence its
 * IF NOT EXISTS; every later step runs exactly once per object.
 */
export const GROUPS_SCHEMA: SchemaSteps = [
  {
    version: 1,
    description: "the unversioned schema: the group, its members, invitations, join requests and outbox",
    run(sql) {
      for (const statement of [...GROUP_TABLES, ...OUTBOX_TABLES]) sql.exec(statement);
    },
  },
  {
    version: 2,
    description: "outbox entries the receiver refused for good, or that no longer parse: kept, out of the way",
    run(sql) {
      sql.exec(`CREATE TABLE outbox_dead_letter (
       id INTEGER PRIMARY KEY,
       kind TEXT NOT NULL,
       recipient TEXT NOT NULL,
       payload TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       attempts INTEGER NOT NULL,
       error TEXT NOT NULL,
       dead_at INTEGER NOT NULL
     )`);
    },
  },
];
