import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { AppSpec } from "../lib/config.ts";
import { ROOT } from "../lib/config.ts";
import { openDevDatabase } from "../lib/database.ts";
import { startStack } from "../lib/stack.ts";
import type { BenchOptions } from "./options.ts";
import { type BenchWorker, findWorker, type WorkerName } from "./workers.ts";

export const BENCH_DIR = `${ROOT}.data/bench`;

export interface BenchStack {
  worker(name: WorkerName): BenchWorker;
  /**
   * Stops a worker and starts it again, so a measure starts from a fresh workerd; with `freshState`
   * its stored Durable Object state is dropped too (no alarms of an earlier phase wake up in the next).
   */
  restart(name: WorkerName, freshState?: boolean): Promise<BenchWorker>;
  stop(): Promise<void>;
}

const SERVICES: Record<WorkerName, string> = { bare: "bench-bare", ours: "notifications" };

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
    env: { ...process.env, X_LOCAL_OBSERVABILITY: String(options.localObservability) },
    databaseUrl: database.url,
    apps,
    output: (app, line) => {
      const stream = logs.get(app);
      if (stream && !stream.writableEnded) stream.write(`${line}\n`);
    },
    onUnexpectedExit: (app, code) => log(`${app} exited with code ${code} (see .data/bench/${app}.log)`),
  });
  // wrangler's launcher exits on SIGTERM before its CLI and workerd do (their output goes on after it):
  // give each process group a moment, then end what is left of it.
  const groups = new Map<WorkerName, number>();
  const workers = new Map<WorkerName, BenchWorker>();
  const stop = async () => {
    await stack.stop();
    for (const group of groups.values()) await endProcessGroup(group, 5_000);
    await database.stop();
    await Promise.all([...logs.values()].map((stream) => new Promise<void>((resolve) => stream.end(resolve))));
  };
  const locate = async (name: WorkerName): Promise<BenchWorker> => {
    const pid = stack.pidOf(name);
    if (pid === undefined) throw new Error(`${name} is not running`);
    groups.set(name, pid);
    const worker = await findWorker(
      name,
      SERVICES[name],
      pid,
      name === "bare" ? options.ports.bare : options.ports.ours,
    );
    workers.set(name, worker);
    return worker;
  };
  try {
    await stack.ready;
    await locate("bare");
    await locate("ours");
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    worker: (name) => {
      const worker = workers.get(name);
      if (!worker) throw new Error(`${name} is not running`);
      return worker;
    },
    restart: async (name, freshState = false) => {
      await stack.stopApp(name);
      const group = groups.get(name);
      if (group !== undefined) await endProcessGroup(group, 5_000);
      if (freshState) rmSync(`${state}/${name}`, { recursive: true, force: true });
      await stack.startApp(name);
      return locate(name);
    },
    stop,
  };
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
