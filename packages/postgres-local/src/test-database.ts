import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type RunningPostgres, startEmbeddedPostgres } from "./embedded.ts";

/**
 * A database of its own for one test run, created on the server at
 * `serverUrl` (CI's Postgres) and dropped afterwards. With no server given,
 * the run gets an embedded Postgres of its own (a temporary folder, a free
 * port) and its database is made on that server the same way.
 */
export async function createTestDatabase(serverUrl: string | undefined, prefix: string): Promise<RunningPostgres> {
  if (serverUrl) return createDatabaseOn(serverUrl, prefix);
  const server = await startEmbeddedPostgres();
  try {
    const database = await createDatabaseOn(server.url, prefix);
    return {
      url: database.url,
      async stop() {
        await database.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function createDatabaseOn(serverUrl: string, prefix: string): Promise<RunningPostgres> {
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
