// `just dev` / `pnpm dev [app…]`: the database, migrations, then every worker and the UI (or the apps
// named); Ctrl-C stops them all. To rehearse an outage, SIGUSR1 stops the notifications worker and
// SIGUSR2 starts it again (the process id is in .data/dev.pid; `pnpm walkthrough:groups` uses them).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DEV_PID_FILE, devSettings } from "./lib/config.ts";
import { openDevDatabase } from "./lib/database.ts";
import { type Stack, startStack } from "./lib/stack.ts";

const log = (line: string) => console.log(`[dev] ${line}`);
const database = await openDevDatabase(log);
let stopping = false;
const stack: Stack = startStack({
  databaseUrl: database.url,
  only: process.argv.slice(2),
  output: (app, line) => process.stdout.write(`[${app}] ${line}\n`),
  onUnexpectedExit: (app, code) => {
    log(`${app} exited with code ${code}; stopping everything`);
    void stop(1);
  },
});

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await stack.stop();
  await database.stop();
  rmSync(DEV_PID_FILE, { force: true });
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
process.on("SIGUSR1", () => {
  log("stopping notifications (SIGUSR1)");
  void stack.stopApp("notifications").then(() => log("notifications stopped"));
});
process.on("SIGUSR2", () => {
  log("starting notifications (SIGUSR2)");
  void stack.startApp("notifications").then(() => log("notifications is back"));
});
await stack.ready.catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  return stop(1);
});

mkdirSync(dirname(DEV_PID_FILE), { recursive: true });
writeFileSync(DEV_PID_FILE, String(process.pid));
log("ready:");
for (const app of stack.apps) log(`  ${app.name.padEnd(14)} http://127.0.0.1:${app.port}`);
const settings = devSettings();
log(
  `  admin token    ${settings.ADMIN_TOKEN === devSettings({}).ADMIN_TOKEN ? settings.ADMIN_TOKEN : "(from ADMIN_TOKEN)"}`,
);
