import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_ADMIN_TOKEN, TEST_ALLOWED_ORIGIN, TEST_SESSION_SECRET } from "./src/test/constants.ts";

const worker = () =>
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
        // Past the outbox bound sooner (limits.test.ts); no other test queues this many rows in one object.
        OUTBOX_MAX_ROWS: "1500",
        OUTBOX_MAX_BACKOFF_MS: "400",
        AUDIT_TIMEOUT_MS: "3000",
        // The audit queue retries a failed Postgres write within a second or two, not an hour.
        AUDIT_QUEUE_MAX_DELAY_S: "1",
        TEST_DATABASE_URL: inject("directDatabaseUrl"),
        FAULT_CONTROL_URL: inject("faultControlUrl"),
      },
      hyperdrives: { HYPERDRIVE: inject("databaseUrl") },
    },
  }));

/**
 * The drill that aborts a Durable Object holding a client socket (to make a
 * real 1006) runs in a runtime of its own, after everything else: the aborted
 * object's half-settled I/O otherwise surfaces later, in other files' objects
 * of the same isolate, as "Cannot perform I/O on behalf of a different
 * Durable Object" rejections.
 */
const ABORTING_DRILL = "src/test/drills/abrupt-close.test.ts";

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
        plugins: [worker()],
        test: { name: "notifications", include: ["src/**/*.test.ts"], exclude: [ABORTING_DRILL] },
      },
      {
        extends: true,
        plugins: [worker()],
        // A later group: the two projects never run at the same time (one fault proxy).
        test: { name: "aborting-drill", include: [ABORTING_DRILL], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
