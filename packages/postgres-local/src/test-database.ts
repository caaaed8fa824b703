import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type RunningPostgres, startEmbeddedPostgres } from "./embedded.ts";

/**
 * A database of its own for one test run: a fresh database on the server at
 * `serverUrl` (CI's Postgres), dropped afterwards, or an in-memory embedded
 * Postgres when no server is given.
 */
export async function createTestDatabase(serverUrl: string | undefined, prefix: string): Promise<RunningPostgres> {
  if (!serverUrl) return startEmbeddedPostgres();
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`.replace(/[^a-z0-9_]/g, "_");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async stop() {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}
