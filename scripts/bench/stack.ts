import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppSpec } from "../lib/config.ts";
import { ROOT } from "../lib/config.ts";
import { openDevDatabase } from "../lib/database.ts";
import { startStack } from "../lib/stack.ts";
import type { BenchOptions } from "./options.ts";
import { type BenchWorker, findWorker } from "./workers.ts";

export const BENCH_DIR = `${ROOT}.data/bench`;

export interface BenchStack {
  ours: BenchWorker;
  bare: BenchWorker;
  stop(): Promise<void>;
}

function wranglerDev(port: number, inspectorPort: number, persistTo: string): string[] {
  return [
    "wrangler",
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistTo,
  ];
}

/**
 * The bare reference worker and the notifications worker side by side, each under the project's
 * wrangler as `npm start` runs it (the notifications worker with Postgres: DATABASE_URL, else an
 * embedded one of the benchmark's own), on ports of their own and with fresh Durable Object state.
 * Their output goes to .data/bench/*.log.
 */
export async function startBenchStack(options: BenchOptions, log: (line: string) => void): Promise<BenchStack> {
  const state = `${BENCH_DIR}/state`;
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const database = await openDevDatabase(log, { dataDir: `${BENCH_DIR}/postgres`, port: options.ports.postgres });
  const apps: AppSpec[] = [
    {
      name: "bare",
      dir: `${ROOT}bench/bare`,
      port: options.ports.bare,
      command: wranglerDev(options.ports.bare, options.ports.bareInspector, `${state}/bare`),
    },
    {
      name: "ours",
      dir: `${ROOT}apps/notifications`,
      port: options.ports.ours,
      command: wranglerDev(options.ports.ours, options.ports.oursInspector, `${state}/ours`),
    },
  ];
  const logs = new Map(apps.map((app) => [app.name, createWriteStream(`${BENCH_DIR}/${app.name}.log`)]));
  const stack = startStack({
    databaseUrl: database.url,
    apps,
    output: (app, line) => {
      const stream = logs.get(app);
      if (stream && !stream.writableEnded) stream.write(`${line}\n`);
    },
    onUnexpectedExit: (app, code) => log(`${app} exited with code ${code} (see .data/bench/${app}.log)`),
  });
  // wrangler's launcher exits at once on SIGTERM while its CLI and workerd go on draining the benchmark's
  // connections for minutes, holding our pipes open: give the group a moment, then end what is left of it.
  const groups: number[] = [];
  const stop = async () => {
    await stack.stop();
    for (const group of groups) await endProcessGroup(group, 5_000);
    await database.stop();
    for (const stream of logs.values()) stream.end();
  };
  try {
    await stack.ready;
    const pid = (name: string) => {
      const found = stack.pidOf(name);
      if (found === undefined) throw new Error(`${name} is not running`);
      groups.push(found);
      return found;
    };
    return {
      bare: await findWorker("bare", "bench-bare", pid("bare"), options.ports.bare),
      ours: await findWorker("ours", "notifications", pid("ours"), options.ports.ours),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits up to `graceMs` for every process of `group` to exit, then kills the rest. */
async function endProcessGroup(group: number, graceMs: number): Promise<void> {
  for (let waited = 0; groupAlive(group) && waited < graceMs; waited += 100) await sleep(100);
  if (!groupAlive(group)) return;
  try {
    process.kill(-group, "SIGKILL");
  } catch {
    // Gone in the meantime.
  }
}
