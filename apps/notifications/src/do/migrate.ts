/**
 * Versioned SQLite schema for a Durable Object (design §6). Durable Object
 * SQLite refuses `PRAGMA user_version` (SQLITE_AUTH), so the version lives in
 * a one-row table of its own. Each step runs once per object, in its own
 * transaction together with the version bump, when the code is newer than the
 * data; a step that throws leaves the object at the previous version.
 */
export interface MigrationStep {
  /** 1, 2, 3…: the schema version this step leads to. */
  version: number;
  /** Why the step exists, for the log line. */
  description: string;
  run(sql: SqlStorage): void;
}

export interface MigrationResult {
  from: number;
  to: number;
}

export const VERSION_TABLE = "schema_version";

export function schemaVersion(sql: SqlStorage, table = VERSION_TABLE): number {
  const exists = sql
    .exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?", table)
    .one().n;
  if (exists === 0) return 0;
  const row = sql.exec<{ version: number }>(`SELECT version FROM ${table} WHERE id = 1`).toArray()[0];
  return row?.version ?? 0;
}

export function migrate(
  sql: SqlStorage,
  transaction: <T>(fn: () => T) => T,
  steps: readonly MigrationStep[],
  table = VERSION_TABLE,
): MigrationResult {
  steps.forEach((step, index) => {
    if (step.version !== index + 1) throw new Error(`migration steps must be numbered 1, 2, 3…: got ${step.version}`);
  });
  const from = schemaVersion(sql, table);
  if (from > steps.length) {
    // Data written by newer code (a rollback): running it with older code could corrupt it.
    throw new Error(`storage is at schema version ${from}, newer than this code's ${steps.length}`);
  }
  for (const step of steps.slice(from)) {
    transaction(() => {
      step.run(sql);
      sql.exec(`CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`);
      sql.exec(
        `INSERT INTO ${table} (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
        step.version,
      );
    });
  }
  return { from, to: steps.length };
}
