import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { migrateSchema, type SchemaStep, schemaVersion } from "@repo/do-utils";
import { describe, expect, it } from "vitest";
import { DIRECTORY_SCHEMA } from "../../directory/schema";
import { GROUP_TABLES } from "../../do/group-store";
import { GROUPS_SCHEMA } from "../../do/schema";
import { OUTBOX_TABLES } from "../../outbox/outbox-store";

function tables(sql: SqlStorage): string[] {
  return sql
    .exec(
      `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`,
    )
    .toArray()
    .map((row) => String(row.name));
}

describe("the versioned SQLite schema of the groups objects", () => {
  it("brings a group object created before versioning up to date once, keeping its group and outbox", async () => {
    const stub = env.GROUPS.get(env.GROUPS.idFromName(crypto.randomUUID()));
    const result = await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql;
      // The object as the code before versioning left it: its tables, its rows, no version.
      for (const table of ["outbox_dead_letter", "_schema_version", ...tables(sql)])
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      for (const statement of [...GROUP_TABLES, ...OUTBOX_TABLES]) sql.exec(statement);
      sql.exec("INSERT INTO group_info (id, name, created_at, created_by) VALUES ('g', 'Old Club', 1, 'alice')");
      sql.exec(
        "INSERT INTO outbox (kind, recipient, payload, created_at, next_attempt_at) VALUES ('notification', 'bob', '{}', 1, 1)",
      );
      const before = schemaVersion(sql);

      const after = migrateSchema(state.storage, GROUPS_SCHEMA);
      const again = migrateSchema(state.storage, GROUPS_SCHEMA);
      return {
        before,
        after,
        again,
        tables: tables(sql),
        group: sql.exec("SELECT name FROM group_info").toArray(),
        outbox: sql.exec("SELECT recipient FROM outbox").toArray(),
      };
    });
    expect(result).toEqual({
      before: 0,
      after: { from: 0, to: 2 },
      again: { from: 2, to: 2 },
      tables: ["group_info", "invitations", "join_requests", "members", "outbox", "outbox_dead_letter", "people"],
      group: [{ name: "Old Club" }],
      outbox: [{ recipient: "bob" }],
    });
  });

  it("gives a new user directory object every table, at the newest version", async () => {
    const stub = env.USER_DIRECTORY.get(env.USER_DIRECTORY.idFromName(`user-${crypto.randomUUID()}`));
    const result = await runInDurableObject(stub, (_, state) => ({
      version: schemaVersion(state.storage.sql),
      tables: tables(state.storage.sql),
    }));
    expect(result).toEqual({ version: DIRECTORY_SCHEMA.length, tables: ["action_log", "relations"] });
  });

  it("leaves an object at the version before a step that fails, with nothing of that step applied", async () => {
    const stub = env.GROUPS.get(env.GROUPS.idFromName(crypto.randomUUID()));
    const result = await runInDurableObject(stub, (_, state) => {
      const failing: SchemaStep = {
        version: GROUPS_SCHEMA.length + 1,
        description: "a new table, then one that exists already",
        run(sql) {
          sql.exec("CREATE TABLE half_done (x INTEGER)");
          sql.exec("CREATE TABLE group_info (x INTEGER)");
        },
      };
      const broken = [...GROUPS_SCHEMA, failing];
      const error = (() => {
        try {
          migrateSchema(state.storage, broken);
          return null;
        } catch (caught) {
          return caught instanceof Error ? caught.message : String(caught);
        }
      })();
      return { error, version: schemaVersion(state.storage.sql), tables: tables(state.storage.sql) };
    });
    expect(result.error).toMatch(/already exists/);
    expect(result.version).toBe(GROUPS_SCHEMA.length);
    expect(result.tables).not.toContain("half_done");
  });
});
