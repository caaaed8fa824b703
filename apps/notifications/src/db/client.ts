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
  const sql = postgres(connectionString, {
    max: 1,
    prepare: false,
    fetch_types: false,
    connect_timeout: connectTimeoutSeconds,
    idle_timeout: 1,
    onnotice: () => {},
  });
  return drizzle(sql, { schema });
}
export type Db = ReturnType<typeof createDb>;
