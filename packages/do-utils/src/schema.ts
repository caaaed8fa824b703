/**
 * Versioned SQLite schema for a Durable Object class (design §6). Durable
 * Object SQLite refuses `PRAGMA user_version` (SQLITE_AUTH), so the version
 * lives in a one-row table of its own. Each step runs once per object, in its
 * own transaction together with the version bump, when the code is newer than
 * the data; a step that throws leaves the object at the version before it.
 * Steps are only ever appended: a deployed step never changes.
 */
export interface SchemaStep {
  /** 1, 2, 3…: the schema version this step leads to. */
  version: number;
  /** Why the step exists, for the reader and the log line. */
  description: string;
  run(sql: SqlStorage): void;
}
export type SchemaSteps = readonly SchemaStep[];

/**
 * The schema as the steps up to `version` leave it, made in one go: what an
 * object with no tables yet runs instead of those steps. A new object then
 * creates each table once, in its final form, rather than replaying every
 * ALTER and rebuild its class ever shipped (each one more work and more of
 * SQLite's memory for that object). A test must hold it equal to the steps.
 */
export interface SchemaBaseline {
  version: number;
  run(sql: SqlStorage): void;
}

export interface MigrateOptions {
  /** The version table's name (tests use their own). */
  table?: string;
  baseline?: SchemaBaseline;
}

/** Where an object's schema was (`from`) and is now (`to`); `from > to` is storage newer than the code, left alone. */
export interface MigrationResult {
  from: number;
  to: number;
}

export const SCHEMA_VERSION_TABLE = "_schema_version";

/** The version an object's storage is at: 0 for one that has never been migrated. Writes nothing. */
export function schemaVersion(sql: SqlStorage, table = SCHEMA_VERSION_TABLE): number {
  const exists = sql
    .exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?", table)
    .one().n;
  if (exists === 0) return 0;
  const version = sql.exec(`SELECT version FROM ${table} WHERE id = 1`).toArray()[0]?.version;
  return typeof version === "number" ? version : 0;
}

/** Whether the object's SQLite holds no table of its own yet (the runtime's `_cf_` ones and SQLite's aside). */
function isEmpty(sql: SqlStorage): boolean {
  return (
    sql
      .exec<{ n: number }>(
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) != 'sqlite_' AND substr(name, 1, 4) != '_cf_'",
      )
      .one().n === 0
  );
}

function recordVersion(sql: SqlStorage, table: string, version: number): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`);
  sql.exec(
    `INSERT INTO ${table} (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
    version,
  );
}

/**
 * Runs the steps an object has not run yet (an empty one starts from the
 * baseline, when there is one, and runs only the steps after it). Cheap when there is nothing to
 * do: one read of the version. Storage newer than the code (a rolled-back
 * deploy) is left alone and reported as `from > to` for the caller to log:
 * steps only add, so older code still reads it, and throwing here would take
 * the object down for every request.
 */
export function migrateSchema(
  storage: Pick<DurableObjectStorage, "sql" | "transactionSync">,
  steps: SchemaSteps,
  { table = SCHEMA_VERSION_TABLE, baseline }: MigrateOptions = {},
): MigrationResult {
  steps.forEach((step, index) => {
    if (step.version !== index + 1) throw new Error(`schema steps must be numbered 1, 2, 3…: got ${step.version}`);
  });
  if (baseline && !(Number.isInteger(baseline.version) && baseline.version >= 1 && baseline.version <= steps.length)) {
    throw new Error(`a schema baseline must stand for one of the steps 1…${steps.length}: got ${baseline.version}`);
  }
  const { sql } = storage;
  const from = schemaVersion(sql, table);
  if (from >= steps.length) return { from, to: steps.length };
  let at = from;
  if (from === 0 && baseline && isEmpty(sql)) {
    storage.transactionSync(() => {
      baseline.run(sql);
      recordVersion(sql, table, baseline.version);
    });
    at = baseline.version;
  }
  for (const step of steps.slice(at)) {
    storage.transactionSync(() => {
      step.run(sql);
      recordVersion(sql, table, step.version);
    });
  }
  return { from, to: steps.length };
}
