import { describe, expect, it } from "vitest";
import { withTimeout } from "./timeout.ts";

describe("withTimeout", () => {
  it("rejects, naming what timed out, when the promise has not settled in time", async () => {
    await expect(withTimeout(new Promise(() => {}), 10, "publish")).rejects.toThrow("publish timed out after 10 ms");
  });

  it("passes a settled promise's value through", async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, "publish")).resolves.toBe(7);
  });
});
