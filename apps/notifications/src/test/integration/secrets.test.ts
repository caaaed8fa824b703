import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../app";

describe("the notifications worker's secrets", () => {
  it("refuses every request, /health included, with 500 naming each secret that is too short outside development", async () => {
    const short = { ...env, ENVIRONMENT: "production", SESSION_SECRET: "s".repeat(31), ADMIN_TOKEN: "t".repeat(23) };
    for (const path of ["/health", "/ws/notifications"]) {
      const response = await app.request(path, {}, short);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: "the worker is misconfigured",
        problems: [
          "SESSION_SECRET is 31 bytes; at least 32 are required outside development",
          "ADMIN_TOKEN is 23 bytes; at least 24 are required outside development",
        ],
      });
    }
    const long = { ...short, SESSION_SECRET: "s".repeat(32), ADMIN_TOKEN: "t".repeat(24) };
    expect((await app.request("/health", {}, long)).status).toBe(200);
  });
});
