import { defineConfig } from "vitest/config";

// Node-side tests only; the browser end-to-end test in e2e/ runs on its own.
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
      {
        test: {
          name: "worker",
          environment: "node",
          include: ["src/worker/**/*.test.ts"],
        },
      },
    ],
  },
});
