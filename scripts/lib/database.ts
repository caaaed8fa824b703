import { existsSync } from "node:fs";
import { relative } from "node:path";
import { hyperdriveCompatibleUrl, migrateDatabase, startEmbeddedPostgres } from "@repo/postgres-local";
import { EMBEDDED_DATA_DIR, EMBEDDED_PORT, ROOT } from "./config.ts";

export const NOTIFICATIONS_MIGRATIONS = `${ROOT}apps/notifications/.migrations`;

/**
 * The database for local runs: DATABASE_URL when set, else the embedded
 * Postgres with its data under .data/postgres, migrated either way.
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
  const folder = relative(ROOT, embeddedAt.dataDir);
  const firstStart = !existsSync(`${embeddedAt.dataDir}/PG_VERSION`);
  if (firstStart) log(`first start: creating the embedded database in ${folder}`);
  const startedAt = Date.now();
  const embedded = await startEmbeddedPostgres({
    ...embeddedAt,
    onLog: (line) => log(`postgres: ${line}`),
  });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  log(
    `embedded Postgres on ${embedded.url} (data in ${folder}, ${firstStart ? "created and " : ""}started in ${seconds} s)`,
  );
  try {
    await migrateDatabase(embedded.url, NOTIFICATIONS_MIGRATIONS);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return embedded;
}
