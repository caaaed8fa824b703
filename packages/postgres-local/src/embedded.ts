import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PGlite (Postgres compiled to WebAssembly) behind a Postgres wire-protocol
 * server: the database of `just dev` and of tests when no DATABASE_URL is
 * given. `dataDir` keeps data between runs; without it the database lives in
 * memory.
 */
export async function startEmbeddedPostgres(
  options: { port?: number; dataDir?: string } = {},
): Promise<RunningPostgres> {
  const db = await PGlite.create(options.dataDir ?? "memory://");
  // The server multiplexes connections onto PGlite's single one; the default of 1 starves a second client.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 64 });
  await server.start();
  const port = Number(server.getServerConn().split(":").at(-1));
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
