import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import app from "../../index";

describe("the groups worker's secrets", () => {
  it("refuses every request, /health included, with 500 naming SESSION_SECRET when it is under 32 bytes outside development", async () => {
    const short = { ...env, ENVIRONMENT: "production", SESSION_SECRET: "s".repeat(31) };
    for (const path of ["/health", "/api/groups"]) {
      const response = await app.request(path, {}, short);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: "the worker is misconfigured",
        problems: ["SESSION_SECRET is 31 bytes; at least 32 are required outside development"],
      });
    }
    expect((await app.request("/health", {}, { ...short, ENVIRONMENT: "development" })).status).toBe(200);
    expect((await app.request("/health", {}, { ...short, SESSION_SECRET: "s".repeat(32) })).status).toBe(200);
  });
});
