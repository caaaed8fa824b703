import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ADMIN_TOKEN_REQUIREMENT, requireSecrets, SESSION_SECRET_REQUIREMENT, secretProblems } from "./secrets.ts";

const both = [SESSION_SECRET_REQUIREMENT, ADMIN_TOKEN_REQUIREMENT];
const longSecret = "s".repeat(32);
const longToken = "t".repeat(24);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("secretProblems", () => {
  it("accepts a 32-byte session secret and a 24-byte admin token outside development", () => {
    expect(
      secretProblems({ ENVIRONMENT: "production", SESSION_SECRET: longSecret, ADMIN_TOKEN: longToken }, both),
    ).toEqual([]);
  });

  it("names each secret that is one byte too short, missing or empty outside development", () => {
    expect(
      secretProblems({ ENVIRONMENT: "production", SESSION_SECRET: "s".repeat(31), ADMIN_TOKEN: "t".repeat(23) }, both),
    ).toEqual([
      "SESSION_SECRET is 31 bytes; at least 32 are required outside development",
      "ADMIN_TOKEN is 23 bytes; at least 24 are required outside development",
    ]);
    expect(secretProblems({ ENVIRONMENT: "test", SESSION_SECRET: "" }, both)).toEqual([
      "SESSION_SECRET is not set",
      "ADMIN_TOKEN is not set",
    ]);
  });

  it("counts bytes, not characters", () => {
    // 16 two-byte characters: 32 bytes.
    expect(
      secretProblems({ ENVIRONMENT: "production", SESSION_SECRET: "é".repeat(16) }, [SESSION_SECRET_REQUIREMENT]),
    ).toEqual([]);
  });

  it("accepts anything in development, where the defaults of a fresh clone are short", () => {
    expect(secretProblems({ ENVIRONMENT: "development", SESSION_SECRET: "x" }, both)).toEqual([]);
  });
});

describe("requireSecrets", () => {
  function app() {
    const hono = new Hono();
    hono.use("*", requireSecrets(both));
    hono.get("/health", (c) => c.json({ ok: true }));
    return hono;
  }

  it("answers every request with 500 and the reasons while a secret is too short, logging it once", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const worker = app();
    const env = { ENVIRONMENT: "production", SESSION_SECRET: "short", ADMIN_TOKEN: longToken };

    const first = await worker.request("/health", {}, env);
    const second = await worker.request("/health", {}, env);

    for (const response of [first, second]) {
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: "the worker is misconfigured",
        problems: ["SESSION_SECRET is 5 bytes; at least 32 are required outside development"],
      });
    }
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toContain("misconfigured");
    expect(String(errors.mock.calls[0]?.[0])).not.toContain('short"');
  });

  it("lets requests through when the secrets are long enough", async () => {
    const response = await app().request(
      "/health",
      {},
      {
        ENVIRONMENT: "production",
        SESSION_SECRET: longSecret,
        ADMIN_TOKEN: longToken,
      },
    );
    expect(response.status).toBe(200);
  });
});
