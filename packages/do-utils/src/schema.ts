/**
 * The schema of a Durable Object class as numbered steps: step n (1-based)
 * takes an object's SQLite storage from version n - 1 to version n. Steps are
 * only ever appended; a deployed step never changes.
 */
export type SchemaSteps = readonly (readonly string[])[];

const META =
  "CREATE TABLE IF NOT EXISTS _schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";

/** The version an object's storage is at: 0 for one that has never been migrated. */
export function schemaVersion(sql: SqlStorage): number {
  sql.exec(META);
  const row = sql.exec("SELECT version FROM _schema_version WHERE id = 1").toArray()[0];
  const version = row?.version;
  return typeof version === "number" ? version : 0;
}

/**
 * Runs the steps an object has not run yet, each with its version bump in one
 * transaction, so a step runs once per object and a failing step leaves the
 * object at the version before it (design §6). Cheap when there is nothing to
 * do: one read of the version. Returns the version the storage is now at.
 */
export function migrateSchema(storage: DurableObjectStorage, steps: SchemaSteps): number {
  // Storage newer than the code (a rolled-back deploy) is left alone: steps only add, so older code still reads it.
  let version = schemaVersion(storage.sql);
  for (const [index, step] of steps.entries()) {
    const target = index + 1;
    if (target <= version) continue;
    storage.transactionSync(() => {
      for (const statement of step) storage.sql.exec(statement);
      storage.sql.exec(
        "INSERT INTO _schema_version (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        target,
      );
    });
    version = target;
  }
  return version;
}
