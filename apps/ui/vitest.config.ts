import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { groupsWorker, notificationsWorker } from "@repo/test-utils/auxiliary-workers";
import { defineConfig } from "vitest/config";
import { TEST_ALLOWED_ORIGIN, TEST_SESSION_SECRET } from "./src/worker/test/constants.ts";

/**
 * The UI worker as its wrangler.jsonc declares it, in workerd in front of the real notifications and
 * groups workers, with ENVIRONMENT set to `environment` (the bindings below override the file's vars
 * and any local .dev.vars).
 */
function workerProject(
  name: string,
  environment: "development" | "production",
  files: { include: string[]; exclude?: string[] },
) {
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: { ENVIRONMENT: environment, SESSION_SECRET: TEST_SESSION_SECRET },
          // The real workers that wrangler.jsonc's service bindings GROUPS and NOTIFICATIONS name, in the same
          // environment as the UI worker, as a deployment runs them: they read the cookie it sets.
          workers: [
            notificationsWorker({
              sessionSecret: TEST_SESSION_SECRET,
              allowedOrigins: TEST_ALLOWED_ORIGIN,
              environment,
            }),
            groupsWorker({ sessionSecret: TEST_SESSION_SECRET, environment }),
          ],
        },
      }),
    ],
    test: {
      name,
      ...files,
      testTimeout: 20_000,
      // The UI worker's logs only for the tests that fail (the auxiliary workers print theirs as they go).
      silent: "passed-only" as const,
    },
  };
}

// The browser end-to-end test in e2e/ runs on its own (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "client",
          environment: "jsdom",
          include: ["src/client/**/*.test.{ts,tsx}"],
          // jsdom's WebSocket wraps undici, which dispatches Node events; with jsdom's globals installed
          // over Node's (the default pool) it throws. A VM pool keeps jsdom in its own realm.
          pool: "vmThreads",
          testTimeout: 10_000,
        },
      },
      // The same worker twice: the sign-in-as-anyone route and an insecure cookie exist only in development.
      workerProject("worker", "development", {
        include: ["src/worker/**/*.test.ts"],
        exclude: ["src/worker/**/*.production.test.ts"],
      }),
      workerProject("worker-production", "production", { include: ["src/worker/**/*.production.test.ts"] }),
    ],
  },
});
