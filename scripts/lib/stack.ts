import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppSpec, devApps, devSettings } from "./config.ts";

const QUIET_TOOLS = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  TURBO_TELEMETRY_DISABLED: "1",
};

export interface StackOptions {
  /** A Postgres URL that a Hyperdrive binding accepts (user and password present). */
  databaseUrl: string;
  /** Only these apps; all of them when empty. */
  only?: string[];
  /** Other apps than `just dev`'s (the benchmark's, on its own ports). */
  apps?: AppSpec[];
  /** Where each app's output goes, a line at a time. */
  output?: (app: string, line: string) => void;
  /** Called when an app exits without being asked to. */
  onUnexpectedExit?: (app: string, code: number | null) => void;
  env?: NodeJS.ProcessEnv;
}

export interface Stack {
  apps: AppSpec[];
  /** Resolves when every app answers its health check; rejects (after stopping them all) when one never does. */
  ready: Promise<void>;
  /** Stops one app (its whole process group) and starts it again, waiting for its health check. */
  stopApp(name: string): Promise<void>;
  startApp(name: string): Promise<void>;
  /** The process id of an app's command (the leader of its process group), while it runs. */
  pidOf(name: string): number | undefined;
  stop(): Promise<void>;
}

/**
 * The workers and the UI of `just dev`, each in its own process group, with
 * the settings of `devSettings()` written to its `.dev.vars` (the one place
 * local settings reach a worker, for wrangler and the Vite plugin alike).
 */
export function startStack(options: StackOptions): Stack {
  const env = options.env ?? process.env;
  const settings = devSettings(env);
  const only = options.only ?? [];
  const apps = (options.apps ?? devApps()).filter((app) => only.length === 0 || only.includes(app.name));
  const running = new Map<string, ChildProcess>();
  const expectedExits = new Set<string>();
  // A dev registry of the stack's own: wrangler's default is one per machine, where the service
  // bindings of one stack would find another stack's workers of the same name (a benchmark's, say).
  const registry = mkdtempSync(join(tmpdir(), "notifications-dev-registry-"));
  let exitedEarly: (error: Error) => void = () => {};
  const earlyExit = new Promise<never>((_, reject) => {
    exitedEarly = reject;
  });

  function launch(app: AppSpec): ChildProcess {
    writeFileSync(
      `${app.dir}/.dev.vars`,
      `${Object.entries({ ...settings, ...app.devVars })
        .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
        .join("\n")}\n`,
    );
    const [bin, ...args] = app.command;
    const child = spawn(`${app.dir}/node_modules/.bin/${bin}`, args, {
      cwd: app.dir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...env,
        ...QUIET_TOOLS,
        // Each tool of the stack reads one of these names (wrangler, Miniflare, the Vite plugin's Miniflare).
        WRANGLER_REGISTRY_PATH: registry,
        CLOUDFLARE_DEV_REGISTRY_PATH: registry,
        MINIFLARE_REGISTRY_PATH: registry,
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: options.databaseUrl,
      },
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        for (const line of chunk.split("\n")) if (line.trim()) options.output?.(app.name, line);
      });
    }
    child.on("exit", (code) => {
      if (expectedExits.delete(app.name)) return;
      exitedEarly(new Error(`${app.name} exited with code ${code}`));
      options.onUnexpectedExit?.(app.name, code);
    });
    running.set(app.name, child);
    return child;
  }

  async function stopApp(name: string): Promise<void> {
    const child = running.get(name);
    running.delete(name);
    if (!child || child.pid === undefined || child.exitCode !== null) return;
    expectedExits.add(name);
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await exited;
  }

  async function startApp(name: string): Promise<void> {
    const app = apps.find((candidate) => candidate.name === name);
    if (!app) throw new Error(`unknown app ${name}`);
    launch(app);
    await waitForHealth(app);
  }

  const stop = async () => {
    await Promise.all([...running.keys()].map(stopApp));
    rmSync(registry, { recursive: true, force: true });
  };
  for (const app of apps) launch(app);
  // Ready when every app answers; failed as soon as one exits instead of at its health check's deadline.
  earlyExit.catch(() => {});
  const ready = Promise.race([Promise.all(apps.map(waitForHealth)), earlyExit]).then(
    () => {},
    async (error: unknown) => {
      await stop();
      throw error;
    },
  );
  return { apps, ready, stopApp, startApp, pidOf: (name) => running.get(name)?.pid, stop };
}

async function waitForHealth(app: AppSpec): Promise<void> {
  const url = `http://127.0.0.1:${app.port}${app.name === "ui" ? "/" : "/health"}`;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${app.name} did not answer ${url} within 2 minutes`);
}
