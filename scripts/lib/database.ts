import { mkdirSync } from "node:fs";
import { hyperdriveCompatibleUrl, migrateDatabase, startEmbeddedPostgres } from "@repo/postgres-local";
import { EMBEDDED_DATA_DIR, EMBEDDED_PORT, ROOT } from "./config.ts";

export const NOTIFICATIONS_MIGRATIONS = `${ROOT}apps/notifications/.migrations`;

/**
 * The database for local runs: DATABASE_URL when set, else the embedded
 * Postgres (PGlite) with its data under .data/, migrated either way.
 */
export async function openDevDatabase(
  log: (line: string) => void,
  embeddedAt: { dataDir: string; port: number } = { dataDir: EMBEDDED_DATA_DIR, port: EMBEDDED_PORT },
) {
  const external = process.env.DATABASE_URL;
  if (external) {
    log("using DATABASE_URL");
    await migrateDatabase(external, NOTIFICATIONS_MIGRATIONS);
    return { url: hyperdriveCompatibleUrl(external), stop: async () => {} };
  }
  mkdirSync(embeddedAt.dataDir, { recursive: true });
  const embedded = await startEmbeddedPostgres(embeddedAt);
  log(`embedded Postgres on ${embedded.url} (data in ${embeddedAt.dataDir})`);
  await migrateDatabase(embedded.url, NOTIFICATIONS_MIGRATIONS);
  return embedded;
}
