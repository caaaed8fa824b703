import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import app from "./index";

describe("the UI worker's secrets", () => {
  it("refuses every request with 500 naming SESSION_SECRET when it is under 32 bytes outside development", async () => {
    const short = { ...env, ENVIRONMENT: "production", SESSION_SECRET: "short" };
    const response = await app.request("/api/session", {}, short);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: "the worker is misconfigured",
      problems: ["SESSION_SECRET is 5 bytes; at least 32 are required outside development"],
    });
    // Development keeps its short default secret working.
    expect((await app.request("/api/session", {}, { ...short, ENVIRONMENT: "development" })).status).toBe(401);
  });
});
