import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

/**
 * A Drizzle client for one invocation. Workers cannot share a socket between
 * requests, so each flush opens its own connection (Hyperdrive pools them in
 * production) and lets the invocation's end close it: calling `sql.end()` in
 * workerd raises a stray "Stream was cancelled".
 */
export function createDb(connectionString: string, connectTimeoutSeconds: number) {
  return drizzle(postgresClient(connectionString, connectTimeoutSeconds), { schema });
}

function postgresClient(connectionString: string, connectTimeoutSeconds: number) {
  return postgres(connectionString, {
    max: 1,
    prepare: false,
    fetch_types: false,
    connect_timeout: connectTimeoutSeconds,
    idle_timeout: 1,
    onnotice: () => {},
  });
}
export type Db = ReturnType<typeof createDb>;

/** The alarm's Postgres client: opened on first use, ended by `abandon` after a failure. */
export type InvocationDb = { readonly get: () => Db; readonly abandon: () => Promise<void> };

/**
 * One client for one invocation, opened on first use: the alarm's audit
 * flush and connection-log write share one connection instead of opening
 * one each (connections are what runs out first, design §6).
 *
 * After a failed write the client must be ended: a postgres.js query still
 * waiting for its connection outlives the timeout that gave up on it, and
 * the client reconnects for it at once after every refused attempt, for as
 * long as Postgres is down (then runs the stale write). Those loops, one per
 * object whose alarm met the outage, are what resumed alarms in other
 * objects' I/O contexts in the test runtime ("Cannot perform I/O on behalf
 * of a different Durable Object" during the Postgres outage drill); ending
 * the client removed them.
 */
export function invocationDb(connectionString: string | undefined, connectTimeoutSeconds: number): InvocationDb {
  let sql: ReturnType<typeof postgres> | null = null;
  let db: Db | null = null;
  return {
    get: () => {
      if (!connectionString) throw new Error("no HYPERDRIVE binding: the audit log has no database");
      sql ??= postgresClient(connectionString, connectTimeoutSeconds);
      db ??= drizzle(sql, { schema });
      return db;
    },
    // `timeout: 0` terminates at once: queued queries are rejected, nothing reconnects for them.
    abandon: async () => {
      await sql?.end({ timeout: 0 });
    },
  };
}
