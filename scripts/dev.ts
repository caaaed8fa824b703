// `just dev` / `pnpm dev [app…]`: the database, migrations, then every worker and the UI (or the apps
// named); Ctrl-C stops them all.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { devApps, devSettings } from "./lib/config.ts";
import { openDevDatabase } from "./lib/database.ts";

const log = (line: string) => console.log(`[dev] ${line}`);
const quietTools = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", TURBO_TELEMETRY_DISABLED: "1" };

const database = await openDevDatabase(log);
const settings = devSettings();
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  for (const child of children) {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  await Promise.all(
    children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.on("exit", () => resolve())))),
  );
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

const only = process.argv.slice(2);
const apps = devApps().filter((app) => only.length === 0 || only.includes(app.name));

for (const app of apps) {
  // Workers and the Vite plugin both read .dev.vars: the one place local settings reach a worker.
  writeFileSync(
    `${app.dir}/.dev.vars`,
    `${Object.entries(settings)
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
      .join("\n")}\n`,
  );
  const [bin, ...args] = app.command;
  const child = spawn(`${app.dir}/node_modules/.bin/${bin}`, args, {
    cwd: app.dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...quietTools,
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: database.url,
    },
  });
  const prefix = `[${app.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on("exit", (code) => {
    if (!stopping) {
      log(`${app.name} exited with code ${code}; stopping everything`);
      void stop(1);
    }
  });
  children.push(child);
}

await Promise.all(apps.map((app) => waitForHealth(app.name, app.port)));
log("ready:");
for (const app of apps) log(`  ${app.name.padEnd(14)} http://127.0.0.1:${app.port}`);
log(`  admin token    ${settings.ADMIN_TOKEN === devSettings({}).ADMIN_TOKEN ? settings.ADMIN_TOKEN : "(from ADMIN_TOKEN)"}`);

async function waitForHealth(name: string, port: number) {
  const path = name === "ui" ? "/" : "/health";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!stopping) log(`${name} did not answer on port ${port} within 2 minutes`);
}
