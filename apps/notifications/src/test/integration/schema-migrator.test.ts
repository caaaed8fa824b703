import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { migrateSchema, type SchemaBaseline, type SchemaStep, schemaVersion } from "@repo/do-utils";
import { describe, expect, it } from "vitest";

/** Runs `fn` with the storage of a fresh object of its own; the steps here use their own version table. */
function withStorage<T>(fn: (storage: DurableObjectStorage) => T): Promise<T> {
  const stub = env.NOTIFICATIONS.get(env.NOTIFICATIONS.idFromName(`migrate-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_instance, state) => fn(state.storage));
}

const TABLE = "test_schema_version";

const steps: SchemaStep[] = [
  { version: 1, description: "a table", run: (sql) => sql.exec("CREATE TABLE t (a INTEGER)") },
  { version: 2, description: "a column", run: (sql) => sql.exec("ALTER TABLE t ADD COLUMN b TEXT") },
  { version: 3, description: "another table", run: (sql) => sql.exec("CREATE TABLE u (c INTEGER)") },
];

/** Steps 1 and 2 in one go. */
const baseline: SchemaBaseline = { version: 2, run: (sql) => sql.exec("CREATE TABLE t (a INTEGER, b TEXT)") };

/** Drops the tables of the object the storage belongs to: what a new object's storage holds. */
function emptied(storage: DurableObjectStorage): DurableObjectStorage {
  const tables = storage.sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) != '_cf_' AND substr(name, 1, 7) != 'sqlite_'",
    )
    .toArray();
  for (const { name } of tables) storage.sql.exec(`DROP TABLE ${name}`);
  return storage;
}

describe("the SQLite schema migrator of @repo/do-utils", () => {
  it("runs each step once, in order, and records the version", async () => {
    const result = await withStorage((storage) => {
      const first = migrateSchema(storage, steps.slice(0, 1), { table: TABLE });
      storage.sql.exec("INSERT INTO t (a) VALUES (1)");
      const second = migrateSchema(storage, steps.slice(0, 2), { table: TABLE });
      const third = migrateSchema(storage, steps.slice(0, 2), { table: TABLE });
      return {
        first,
        second,
        third,
        version: schemaVersion(storage.sql, TABLE),
        rows: storage.sql.exec("SELECT a, b FROM t").toArray(),
      };
    });
    expect(result.first).toEqual({ from: 0, to: 1 });
    expect(result.second).toEqual({ from: 1, to: 2 });
    expect(result.third).toEqual({ from: 2, to: 2 });
    expect(result.version).toBe(2);
    expect(result.rows).toEqual([{ a: 1, b: null }]);
  });

  it("leaves the data and the version as they were when a step throws", async () => {
    const broken: SchemaStep = {
      version: 2,
      description: "half a change, then a failure",
      run: (sql) => {
        sql.exec("ALTER TABLE t ADD COLUMN b TEXT");
        sql.exec("INSERT INTO nowhere VALUES (1)");
      },
    };
    const result = await withStorage((storage) => {
      migrateSchema(storage, steps.slice(0, 1), { table: TABLE });
      let error = "";
      try {
        migrateSchema(storage, [steps[0] as SchemaStep, broken], { table: TABLE });
      } catch (thrown) {
        error = String(thrown);
      }
      return {
        error,
        version: schemaVersion(storage.sql, TABLE),
        columns: storage.sql.exec("SELECT * FROM t").columnNames,
      };
    });
    expect(result.error).toMatch(/nowhere/);
    expect(result.version).toBe(1);
    expect(result.columns).toEqual(["a"]);
  });

  it("leaves storage written by a newer schema alone and reports it, without throwing", async () => {
    const result = await withStorage((storage) => {
      migrateSchema(storage, steps.slice(0, 2), { table: TABLE });
      storage.sql.exec("INSERT INTO t (a, b) VALUES (1, 'x')");
      const older = migrateSchema(storage, steps.slice(0, 1), { table: TABLE });
      return {
        older,
        version: schemaVersion(storage.sql, TABLE),
        rows: storage.sql.exec("SELECT a, b FROM t").toArray(),
      };
    });
    expect(result).toEqual({ older: { from: 2, to: 1 }, version: 2, rows: [{ a: 1, b: "x" }] });
  });

  it("refuses steps numbered out of order, before running any of them", async () => {
    const result = await withStorage((storage) => {
      let error = "";
      try {
        migrateSchema(storage, [steps[1] as SchemaStep], { table: TABLE });
      } catch (thrown) {
        error = String(thrown);
      }
      return { error, version: schemaVersion(storage.sql, TABLE) };
    });
    expect(result.error).toMatch(/numbered/);
    expect(result.version).toBe(0);
  });

  it("makes an empty database from the baseline, then runs only the steps after it", async () => {
    const result = await withStorage((storage) => {
      const ran: number[] = [];
      const counted = steps.map((step) => ({
        ...step,
        run: (sql: SqlStorage) => {
          ran.push(step.version);
          step.run(sql);
        },
      }));
      const migrated = migrateSchema(emptied(storage), counted, { table: TABLE, baseline });
      return {
        migrated,
        ran,
        version: schemaVersion(storage.sql, TABLE),
        t: storage.sql.exec("SELECT * FROM t").columnNames,
        u: storage.sql.exec("SELECT * FROM u").columnNames,
      };
    });
    expect(result).toEqual({ migrated: { from: 0, to: 3 }, ran: [3], version: 3, t: ["a", "b"], u: ["c"] });
  });

  it("runs the steps, not the baseline, on a database that holds tables at version 0 (an object from before versioning)", async () => {
    const result = await withStorage((storage) => {
      const before = emptied(storage);
      before.sql.exec("CREATE TABLE t (a INTEGER)");
      before.sql.exec("INSERT INTO t (a) VALUES (7)");
      // Step 1 finds its table there already, as the notifications' first step does.
      const first: SchemaStep = {
        ...steps[0],
        run: (sql) => sql.exec("CREATE TABLE IF NOT EXISTS t (a INTEGER)"),
      } as SchemaStep;
      const migrated = migrateSchema(before, [first, ...steps.slice(1)], { table: TABLE, baseline });
      return { migrated, rows: storage.sql.exec("SELECT a, b FROM t").toArray() };
    });
    expect(result).toEqual({ migrated: { from: 0, to: 3 }, rows: [{ a: 7, b: null }] });
  });

  it("refuses a baseline that stands for no step, before touching the database", async () => {
    const result = await withStorage((storage) => {
      const errors: string[] = [];
      for (const version of [0, 4, 1.5]) {
        try {
          migrateSchema(emptied(storage), steps, { table: TABLE, baseline: { ...baseline, version } });
        } catch (thrown) {
          errors.push(String(thrown));
        }
      }
      return { errors, version: schemaVersion(storage.sql, TABLE) };
    });
    expect(result.errors).toHaveLength(3);
    for (const error of result.errors) expect(error).toMatch(/baseline must stand for one of the steps 1…3/);
    expect(result.version).toBe(0);
  });
});
