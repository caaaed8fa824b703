import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_ALLOWED_ORIGIN, TEST_SESSION_SECRET } from "./src/worker/test/constants.ts";

/** The notifications and groups workers as built by `pnpm -F notifications build` and `pnpm -F groups build`. */
const NOTIFICATIONS_DIST = new URL("../notifications/dist/", import.meta.url).pathname;
const GROUPS_DIST = new URL("../groups/dist/", import.meta.url).pathname;

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
          // The real workers that wrangler.jsonc's service bindings GROUPS and NOTIFICATIONS name.
          workers: [
            {
              name: "notifications",
              modules: true,
              modulesRoot: NOTIFICATIONS_DIST,
              scriptPath: `${NOTIFICATIONS_DIST}index.js`,
              compatibilityDate: "2026-10-12",
              compatibilityFlags: ["nodejs_compat"],
              durableObjects: { NOTIFICATIONS: { className: "NotificationsDO", useSQLite: true } },
              bindings: {
                ENVIRONMENT: "test",
                SESSION_SECRET: TEST_SESSION_SECRET,
                ADMIN_TOKEN: "test-admin-token",
                ALLOWED_ORIGINS: TEST_ALLOWED_ORIGIN,
                // The audit log is not under test here: nothing listens on this port, so the
                // audit outbox just waits; delivery does not depend on it (design §6).
                OUTBOX_FLUSH_DELAY_MS: "600000",
              },
              hyperdrives: { HYPERDRIVE: "postgres://postgres:unused@127.0.0.1:9/none" },
            },
            {
              name: "groups",
              modules: true,
              modulesRoot: GROUPS_DIST,
              scriptPath: `${GROUPS_DIST}index.js`,
              compatibilityDate: "2026-10-12",
              compatibilityFlags: ["nodejs_compat"],
              durableObjects: {
                GROUPS: { className: "GroupsDO", useSQLite: true },
                USER_DIRECTORY: { className: "UserDirectoryDO", useSQLite: true },
                NOTIFICATIONS: { className: "NotificationsDO", scriptName: "notifications", useSQLite: true },
              },
              bindings: {
                ENVIRONMENT: "test",
                SESSION_SECRET: TEST_SESSION_SECRET,
                // Short retries, so a group's outbox never holds a test up.
                OUTBOX_BASE_DELAY_MS: "50",
                OUTBOX_MAX_DELAY_MS: "400",
                PUBLISH_TIMEOUT_MS: "2000",
              },
            },
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
