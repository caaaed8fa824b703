import { fileURLToPath } from "node:url";
import { startTestRunDatabase } from "@repo/postgres-local";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test database, reached through the fault proxy: what the worker under test uses. */
    databaseUrl: string;
    /** The same database, directly: what tests read the audit log through. */
    directDatabaseUrl: string;
    faultControlUrl: string;
  }
}

/**
 * One database for the whole run: on DATABASE_URL's server when it is set (CI),
 * else an embedded Postgres; migrated, and behind a proxy that tests can cut.
 */
export default async function setup(project: TestProject) {
  const database = await startTestRunDatabase({
    migrationsFolder: fileURLToPath(new URL("../../.migrations", import.meta.url)),
    prefix: "notifications_test",
  });
  project.provide("databaseUrl", database.databaseUrl);
  project.provide("directDatabaseUrl", database.directDatabaseUrl);
  project.provide("faultControlUrl", database.faultControlUrl);
  return () => database.stop();
}
