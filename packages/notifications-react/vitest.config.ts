import { defineConfig } from "vitest/config";
import { WORKER_ORIGIN } from "./src/test/real-worker/settings.ts";

const REAL_WORKER_TEST = "src/real-worker.test.tsx";

const shared = {
  environment: "jsdom",
  // jsdom's WebSocket wraps undici, which dispatches Node events; with jsdom's globals installed
  // over Node's (the default pool) it throws. A VM pool keeps jsdom in its own realm.
  pool: "vmThreads",
  testTimeout: 10_000,
} as const;

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: "unit", include: ["src/**/*.test.{ts,tsx}"], exclude: [REAL_WORKER_TEST] } },
      {
        test: {
          ...shared,
          name: "real-worker",
          include: [REAL_WORKER_TEST],
          // The page is on the worker's host, so the cookie jar sends the session cookie to its socket.
          environmentOptions: { jsdom: { url: `${WORKER_ORIGIN}/` } },
          globalSetup: ["src/test/real-worker/global-setup.ts"],
          // Starting workerd and a database takes seconds; the setup's own failures say what broke.
          hookTimeout: 60_000,
          testTimeout: 20_000,
        },
      },
    ],
  },
});
