// Child process of startTestRunDatabase: prints the URLs as one JSON line, cleans up when stdin closes
// (or on SIGINT/SIGTERM, as when the test run is interrupted), so no embedded server outlives the run.
import { type FaultProxy, startFaultProxy } from "./fault-proxy.ts";
import { migrateDatabase } from "./migrate.ts";
import { createTestDatabase } from "./test-database.ts";
import { hyperdriveCompatibleUrl } from "./url.ts";

const [migrationsFolder, prefix] = process.argv.slice(2);
if (!migrationsFolder || !prefix) throw new Error("usage: test-run-server <migrationsFolder> <prefix>");

const database = await createTestDatabase(process.env.DATABASE_URL, prefix);
let proxy: FaultProxy | undefined;
let stopping = false;
async function cleanUp() {
  if (stopping) return;
  stopping = true;
  await proxy?.close();
  await database.stop();
  process.exit(0);
}
process.on("SIGINT", () => void cleanUp());
process.on("SIGTERM", () => void cleanUp());

try {
  await migrateDatabase(database.url, migrationsFolder);
  proxy = await startFaultProxy(database.url);
} catch (error) {
  await database.stop();
  throw error;
}
process.stdout.write(
  `${JSON.stringify({ databaseUrl: hyperdriveCompatibleUrl(proxy.url), directDatabaseUrl: database.url, faultControlUrl: proxy.controlUrl })}\n`,
);

process.stdin.resume();
process.stdin.on("end", () => void cleanUp());
