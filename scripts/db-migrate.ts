// `just db-migrate notifications`: applies the app's migrations to DATABASE_URL, or to the embedded database.
import { openDevDatabase } from "./lib/database.ts";

const app = process.argv[2] ?? "notifications";
if (app !== "notifications") {
  console.error(`no migrations for "${app}": only the notifications app has a Postgres schema`);
  process.exit(2);
}
const database = await openDevDatabase((line) => console.log(`[db-migrate] ${line}`));
await database.stop();
console.log("[db-migrate] migrations applied");
