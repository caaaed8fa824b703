import { spawn } from "node:child_process";
import { join } from "node:path";

export interface TestRunDatabase {
  /** The database through the fault proxy: what the worker under test uses. */
  databaseUrl: string;
  /** The same database, directly. */
  directDatabaseUrl: string;
  faultControlUrl: string;
  stop(): Promise<void>;
}

const serverScript = join(import.meta.dirname, "test-run-server.ts");

/**
 * Starts a migrated database of its own for one test run, behind a fault
 * proxy, in a child Node process. A child keeps these Node-only pieces (the
 * embedded server, postgres.js's Node build) out of Vite's module runner,
 * which resolves packages for workerd when the Cloudflare plugin is on.
 */
export async function startTestRunDatabase(options: {
  migrationsFolder: string;
  prefix: string;
}): Promise<TestRunDatabase> {
  const child = spawn(process.execPath, [serverScript, options.migrationsFolder, options.prefix], {
    stdio: ["pipe", "pipe", "inherit"],
    env: process.env,
  });
  const ready = await new Promise<Omit<TestRunDatabase, "stop">>((resolve, reject) => {
    let buffer = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      const line = buffer.split("\n")[0];
      if (buffer.includes("\n") && line) {
        try {
          resolve(JSON.parse(line));
        } catch (error) {
          reject(error);
        }
      }
    });
    child.on("exit", (code) => reject(new Error(`test database process exited early with code ${code}`)));
  });
  return {
    ...ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on("exit", () => resolve());
        child.stdin.end();
      }),
  };
}
