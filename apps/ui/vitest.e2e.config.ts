import { defineConfig } from "vitest/config";

// The browser test: the whole stack of `just dev`, driven in headless Chromium.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
