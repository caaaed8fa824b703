// Child process of startTestRunDatabase: prints the URLs as one JSON line, cleans up when stdin closes.
import { startFaultProxy } from "./fault-proxy.ts";
import { migrateDatabase } from "./migrate.ts";
import { createTestDatabase } from "./test-database.ts";
import { hyperdriveCompatibleUrl } from "./url.ts";

const [migrationsFolder, prefix] = process.argv.slice(2);
if (!migrationsFolder || !prefix) throw new Error("usage: test-run-server <migrationsFolder> <prefix>");

const database = await createTestDatabase(process.env.DATABASE_URL, prefix);
await migrateDatabase(database.url, migrationsFolder);
const proxy = await startFaultProxy(database.url);
process.stdout.write(
  `${JSON.stringify({ databaseUrl: hyperdriveCompatibleUrl(proxy.url), directDatabaseUrl: database.url, faultControlUrl: proxy.controlUrl })}\n`,
);

process.stdin.resume();
process.stdin.on("end", async () => {
  await proxy.close();
  await database.stop();
  process.exit(0);
});
