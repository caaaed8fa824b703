import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type MigrationStep, migrate, schemaVersion } from "./migrate";

/** Runs `fn` with the SQL storage of a fresh object of its own (whose own schema uses other tables). */
function withStorage<T>(fn: (sql: SqlStorage, transaction: <R>(inner: () => R) => R) => T): Promise<T> {
  const stub = env.NOTIFICATIONS.get(env.NOTIFICATIONS.idFromName(`migrate-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_instance, state) =>
    fn(state.storage.sql, (inner) => state.storage.transactionSync(inner)),
  );
}

const TABLE = "test_schema_version";

const steps: MigrationStep[] = [
  { version: 1, description: "a table", run: (sql) => sql.exec("CREATE TABLE t (a INTEGER)") },
  { version: 2, description: "a column", run: (sql) => sql.exec("ALTER TABLE t ADD COLUMN b TEXT") },
];

describe("the SQLite schema migrator", () => {
  it("runs each step once, in order, and records the version", async () => {
    const result = await withStorage((sql, transaction) => {
      const first = migrate(sql, transaction, steps.slice(0, 1), TABLE);
      sql.exec("INSERT INTO t (a) VALUES (1)");
      const second = migrate(sql, transaction, steps, TABLE);
      const third = migrate(sql, transaction, steps, TABLE);
      return {
        first,
        second,
        third,
        version: schemaVersion(sql, TABLE),
        rows: sql.exec("SELECT a, b FROM t").toArray(),
      };
    });
    expect(result.first).toEqual({ from: 0, to: 1 });
    expect(result.second).toEqual({ from: 1, to: 2 });
    expect(result.third).toEqual({ from: 2, to: 2 });
    expect(result.version).toBe(2);
    expect(result.rows).toEqual([{ a: 1, b: null }]);
  });

  it("leaves the data and the version as they were when a step throws", async () => {
    const broken: MigrationStep = {
      version: 2,
      description: "half a change, then a failure",
      run: (sql) => {
        sql.exec("ALTER TABLE t ADD COLUMN b TEXT");
        sql.exec("INSERT INTO nowhere VALUES (1)");
      },
    };
    const result = await withStorage((sql, transaction) => {
      migrate(sql, transaction, steps.slice(0, 1), TABLE);
      let error = "";
      try {
        migrate(sql, transaction, [steps[0] as MigrationStep, broken], TABLE);
      } catch (thrown) {
        error = String(thrown);
      }
      return { error, version: schemaVersion(sql, TABLE), columns: sql.exec("SELECT * FROM t").columnNames };
    });
    expect(result.error).toMatch(/nowhere/);
    expect(result.version).toBe(1);
    expect(result.columns).toEqual(["a"]);
  });

  it("refuses storage written by a newer schema than the code knows, and steps numbered out of order", async () => {
    const result = await withStorage((sql, transaction) => {
      migrate(sql, transaction, steps, TABLE);
      const errors: string[] = [];
      for (const attempt of [steps.slice(0, 1), [steps[1] as MigrationStep]]) {
        try {
          migrate(sql, transaction, attempt, TABLE);
        } catch (thrown) {
          errors.push(String(thrown));
        }
      }
      return errors;
    });
    expect(result[0]).toMatch(/newer than this code/);
    expect(result[1]).toMatch(/numbered/);
  });
});
