import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_ADMIN_TOKEN, TEST_ALLOWED_ORIGIN, TEST_SESSION_SECRET } from "./src/test/constants.ts";

/** The worker under test, with `overrides` on top of the shortened timings every test uses. */
const worker = (overrides: Record<string, string> = {}) =>
  cloudflareTest(({ inject }) => ({
    wrangler: { configPath: "./wrangler.jsonc" },
    miniflare: {
      bindings: {
        ENVIRONMENT: "test",
        SESSION_SECRET: TEST_SESSION_SECRET,
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        ALLOWED_ORIGINS: TEST_ALLOWED_ORIGIN,
        // Short rounds so retry tests take a second, not fifteen.
        ACK_TIMEOUT_MS: "400",
        OUTBOX_FLUSH_DELAY_MS: "50",
        OUTBOX_MAX_BACKOFF_MS: "400",
        AUDIT_TIMEOUT_MS: "3000",
        TEST_DATABASE_URL: inject("directDatabaseUrl"),
        FAULT_CONTROL_URL: inject("faultControlUrl"),
        ...overrides,
      },
      hyperdrives: { HYPERDRIVE: inject("databaseUrl") },
    },
  }));

const DRILLS = "src/test/drills/**/*.test.ts";

export default defineConfig({
  test: {
    globalSetup: ["./src/test/global-setup.ts"],
    // One fault proxy serves the run: tests that cut Postgres must not overlap with others.
    fileParallelism: false,
    // One runner for all files: every test names its own objects, so nothing leaks between them.
    isolate: false,
    testTimeout: 20_000,
    // The workers log a JSON line per event; show them only for tests that fail.
    silent: "passed-only",
    projects: [
      {
        extends: true,
        plugins: [worker({ HISTORY_LIMIT: "20" })],
        test: { name: "notifications", include: ["src/**/*.test.ts"], exclude: [DRILLS] },
      },
      {
        // The fault drills run with the production limits (history, caps), only the timings shortened.
        extends: true,
        plugins: [worker()],
        test: { name: "drills", include: [DRILLS] },
      },
    ],
  },
});
