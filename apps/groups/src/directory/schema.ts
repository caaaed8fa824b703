import type { SchemaSteps } from "@repo/do-utils";
import { DIRECTORY_TABLES } from "./directory-store";

/**
 * The SQLite schema of UserDirectoryDO, one step per version (design §6).
 * Step 1 is the schema that objects created before versioning already have,
 * hence its IF NOT EXISTS; every later step runs exactly once per object.
 */
export const DIRECTORY_SCHEMA: SchemaSteps = [
  {
    version: 1,
    description: "the unversioned schema: the user's people and relations",
    run(sql) {
      for (const statement of DIRECTORY_TABLES) sql.exec(statement);
    },
  },
  {
    version: 2,
    description: "the times of the user's recent group actions, for their rate limit",
    run(sql) {
      sql.exec("CREATE TABLE action_log (at INTEGER NOT NULL)");
      sql.exec("CREATE INDEX action_log_at ON action_log (at)");
    },
  },
];
