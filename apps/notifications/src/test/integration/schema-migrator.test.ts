import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { migrateSchema, type SchemaStep, schemaVersion } from "@repo/do-utils";
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
];

describe("the SQLite schema migrator of @repo/do-utils", () => {
  it("runs each step once, in order, and records the version", async () => {
    const result = await withStorage((storage) => {
      const first = migrateSchema(storage, steps.slice(0, 1), TABLE);
      storage.sql.exec("INSERT INTO t (a) VALUES (1)");
      const second = migrateSchema(storage, steps, TABLE);
      const third = migrateSchema(storage, steps, TABLE);
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
      migrateSchema(storage, steps.slice(0, 1), TABLE);
      let error = "";
      try {
        migrateSchema(storage, [steps[0] as SchemaStep, broken], TABLE);
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
      migrateSchema(storage, steps, TABLE);
      storage.sql.exec("INSERT INTO t (a, b) VALUES (1, 'x')");
      const older = migrateSchema(storage, steps.slice(0, 1), TABLE);
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
        migrateSchema(storage, [steps[1] as SchemaStep], TABLE);
      } catch (thrown) {
        error = String(thrown);
      }
      return { error, version: schemaVersion(storage.sql, TABLE) };
    });
    expect(result.error).toMatch(/numbered/);
    expect(result.version).toBe(0);
  });
});
