import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { notificationsWorker } from "@repo/test-utils/auxiliary-workers";
import { defineConfig } from "vitest/config";
import { TEST_SESSION_SECRET } from "./src/test/constants.ts";

export default defineConfig({
  test: {
    testTimeout: 20_000,
    // Worker logs only for the tests that fail.
    silent: "passed-only",
    projects: [
      {
        // Everything but the outage runs inside workerd, next to the real notifications worker.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                ENVIRONMENT: "test",
                SESSION_SECRET: TEST_SESSION_SECRET,
                // Short retries so that a failed delivery is retried within the test.
                OUTBOX_BASE_DELAY_MS: "50",
                OUTBOX_MAX_DELAY_MS: "400",
                PUBLISH_TIMEOUT_MS: "2000",
              },
              serviceBindings: { NOTIFICATIONS_WORKER: "notifications" },
              // The real notifications worker, so that every publish crosses the real Durable Object binding.
              workers: [notificationsWorker({ sessionSecret: TEST_SESSION_SECRET })],
            },
          }),
        ],
        test: { name: "workerd", include: ["src/**/*.test.ts"], exclude: ["src/test/outage/**"] },
      },
      {
        // The outage needs the notifications worker broken and then repaired while the groups
        // worker keeps its storage: wrangler's test harness drives both workers in workerd from Node.
        test: {
          name: "outage",
          environment: "node",
          include: ["src/test/outage/**/*.test.ts"],
          testTimeout: 60_000,
          env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
        },
      },
    ],
  },
});
