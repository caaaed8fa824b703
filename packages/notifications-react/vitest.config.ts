import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    // jsdom's WebSocket wraps undici, which dispatches Node events; with jsdom's globals installed
    // over Node's (the default pool) it throws. A VM pool keeps jsdom in its own realm.
    pool: "vmThreads",
    testTimeout: 10_000,
  },
});
