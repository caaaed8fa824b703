import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signSession } from "@repo/auth";
import { startTestRunDatabase } from "@repo/postgres-local";
import type { TestProject } from "vitest/node";
import { unstable_startWorker } from "wrangler";
import { WORKER_PORT, WORKER_SETTINGS } from "./settings";

declare module "vitest" {
  export interface ProvidedContext {
    /** A signed-in user of this run and the `session` cookie value the UI worker would have set for them. */
    realWorkerUser: { userId: string; session: string };
  }
}

const NOTIFICATIONS_APP = join(import.meta.dirname, "..", "..", "..", "..", "..", "apps", "notifications");

/**
 * The real notifications worker (its own wrangler.jsonc, in workerd through wrangler's programmatic
 * API) on a migrated database of its own: DATABASE_URL's server when set, else an embedded Postgres.
 * Runs in vitest's Node process, outside jsdom's realm, once for the real-worker project.
 */
export default async function startRealWorker(project: TestProject): Promise<() => Promise<void>> {
  // Signed here: jsdom's realm, where the test runs, has no `crypto.subtle`.
  const userId = `reader-${crypto.randomUUID()}`;
  const session = await signSession(WORKER_SETTINGS.SESSION_SECRET, { userId, name: "Reader" });
  project.provide("realWorkerUser", { userId, session });
  const database = await startTestRunDatabase({
    migrationsFolder: join(NOTIFICATIONS_APP, ".migrations"),
    prefix: "notifications_react",
  });
  // A dev registry of its own: the default one is shared by every wrangler on the machine, where a
  // running stack's workers would see this one under the same name.
  const registry = mkdtempSync(join(tmpdir(), "notifications-react-registry-"));
  try {
    const worker = await unstable_startWorker({
      config: join(NOTIFICATIONS_APP, "wrangler.jsonc"),
      bindings: {
        ...Object.fromEntries(
          // Secrets as secret_text: the config's `secrets.required` counts only those as given.
          Object.entries(WORKER_SETTINGS).map(([name, value]) => [
            name,
            { type: name.endsWith("_SECRET") || name.endsWith("_TOKEN") ? "secret_text" : "plain_text", value },
          ]),
        ),
        HYPERDRIVE: {
          type: "hyperdrive",
          id: "00000000000000000000000000000000",
          localConnectionString: database.databaseUrl,
        },
      },
      dev: {
        server: { hostname: "127.0.0.1", port: WORKER_PORT },
        inspector: false,
        persist: false,
        watch: false,
        registry,
        logLevel: "warn",
      },
    });
    await worker.ready;
    return async () => {
      await worker.dispose();
      await database.stop();
      rmSync(registry, { recursive: true, force: true });
    };
  } catch (error) {
    await database.stop();
    rmSync(registry, { recursive: true, force: true });
    throw error;
  }
}
