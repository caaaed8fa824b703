import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded.ts";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "embedded-restart-test-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function query<T extends object>(url: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Starts the server in another Node process, as `npm start` would, and answers its URL and that process. */
async function startInChildProcess(folder: string) {
  const module = new URL("./embedded.ts", import.meta.url).href;
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "--eval",
      `import { startEmbeddedPostgres } from ${JSON.stringify(module)};
       const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(folder)} });
       console.log(server.url);
       setInterval(() => {}, 60_000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8");
    child.stdout.once("data", (line: string) => resolve(line.trim()));
    child.once("exit", (code) => reject(new Error(`the child exited with code ${code}`)));
  });
  return { child, url };
}

async function postmasterPid(folder: string): Promise<number> {
  return Number((await readFile(join(folder, "postmaster.pid"), "utf8")).split("\n")[0]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the embedded Postgres with a data folder", () => {
  it("starts after a run that was killed with SIGKILL, stops that run's orphaned server, and keeps its data", async () => {
    const first = await startInChildProcess(dataDir);
    await query(first.url, (sql) => sql`create table kept (n int); insert into kept values (7)`.simple());
    const orphan = await postmasterPid(dataDir);
    const killed = new Promise((resolve) => first.child.once("exit", resolve));
    first.child.kill("SIGKILL");
    await killed;
    expect(isAlive(orphan)).toBe(true);

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(isAlive(orphan)).toBe(false);
      expect(await query(second.url, (sql) => sql`select n from kept`)).toEqual([{ n: 7 }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("starts over a lock file whose process is gone", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, (sql) => sql`create table kept (n int); insert into kept values (8)`.simple());
    await first.stop();
    const gone = spawn("true");
    await new Promise((resolve) => gone.once("exit", resolve));
    await writeFile(join(dataDir, "postmaster.pid"), `${gone.pid}\n${dataDir}\n`);

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, (sql) => sql`select n from kept`)).toEqual([{ n: 8 }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("refuses, with a clear error, to start a second server on a folder whose server is still in use", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/is already running \(pid \d+\)/);
      expect(await query(first.url, (sql) => sql`select 1 as still`)).toEqual([{ still: 1 }]);
    } finally {
      await first.stop();
    }
  }, 60_000);
});
