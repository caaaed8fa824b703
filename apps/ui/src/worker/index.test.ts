import { SESSION_COOKIE, signSession, verifySession } from "@repo/auth";
import { describe, expect, it } from "vitest";
import type { Env, Upstream } from "./env";
import app from "./index";

const SECRET = "test-secret-test-secret-test-secret";

/** A stand-in service binding that records what it was handed. */
function recordingUpstream(name: string) {
  const requests: Request[] = [];
  const upstream: Upstream = {
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(request);
      return Response.json({ from: name });
    },
  };
  return { upstream, requests };
}

function environment(overrides: Partial<Env> = {}) {
  const groups = recordingUpstream("groups");
  const notifications = recordingUpstream("notifications");
  const env: Env = {
    GROUPS: groups.upstream,
    NOTIFICATIONS: notifications.upstream,
    ENVIRONMENT: "development",
    SESSION_SECRET: SECRET,
    ...overrides,
  };
  return { env, groups, notifications };
}

function signInRequest(body: unknown) {
  return { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } };
}

describe("UI worker", () => {
  it("signs anyone in during development, returning the token and setting an HttpOnly cookie without Secure", async () => {
    const { env } = environment();
    const response = await app.request("/api/session", signInRequest({ userId: "alice", name: "Alice" }), env);

    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    const token = typeof body === "object" && body !== null && "token" in body ? String(body.token) : "";
    expect(await verifySession(SECRET, token)).toMatchObject({ sub: "alice", name: "Alice" });
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toContain(`${SESSION_COOKIE}=${token}`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });

  it("has no sign-in route outside development", async () => {
    const { env, groups } = environment({ ENVIRONMENT: "production" });
    const response = await app.request("/api/session", signInRequest({ userId: "alice", name: "Alice" }), env);
    expect(response.status).toBe(404);
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect(groups.requests).toHaveLength(0);
  });

  it("refuses an invalid sign-in with 400 and the reasons", async () => {
    const { env } = environment();
    const response = await app.request("/api/session", signInRequest({ userId: "no spaces", name: "" }), env);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });

    const notJson = await app.request("/api/session", { method: "POST", body: "{" }, env);
    expect(notJson.status).toBe(400);
  });

  it("says who is signed in from the cookie or a bearer token, and 401 without a valid session", async () => {
    const { env } = environment();
    const token = await signSession(SECRET, { userId: "bob", name: "Bob" });

    const byCookie = await app.request("/api/session", { headers: { Cookie: `${SESSION_COOKIE}=${token}` } }, env);
    expect(byCookie.status).toBe(200);
    expect(await byCookie.json()).toEqual({ userId: "bob", name: "Bob" });
    expect(byCookie.headers.get("Cache-Control")).toBe("no-store");

    const byBearer = await app.request("/api/session", { headers: { Authorization: `Bearer ${token}` } }, env);
    expect(await byBearer.json()).toEqual({ userId: "bob", name: "Bob" });

    const forged = await signSession("another-secret-another-secret", { userId: "bob", name: "Bob" });
    expect((await app.request("/api/session", { headers: { Authorization: `Bearer ${forged}` } }, env)).status).toBe(
      401,
    );
    expect((await app.request("/api/session", {}, env)).status).toBe(401);
  });

  it("signs out by clearing the cookie, Secure outside development", async () => {
    const production = await app.request(
      "/api/session",
      { method: "DELETE" },
      environment({ ENVIRONMENT: "production" }).env,
    );
    expect(production.status).toBe(204);
    expect(production.headers.get("Set-Cookie")).toMatch(/^session=;.*Max-Age=0.*Secure/);

    const development = await app.request("/api/session", { method: "DELETE" }, environment().env);
    expect(development.headers.get("Set-Cookie")).not.toContain("Secure");
  });

  it("forwards every other /api request to the groups worker untouched", async () => {
    const { env, groups, notifications } = environment();
    const response = await app.request(
      "http://ui.test/api/groups/g1/invitations",
      {
        method: "POST",
        body: '{"userId":"bob"}',
        headers: { Cookie: "session=abc", "Content-Type": "application/json" },
      },
      env,
    );
    expect(await response.json()).toEqual({ from: "groups" });
    const forwarded = groups.requests[0];
    expect(forwarded?.method).toBe("POST");
    expect(forwarded?.url).toBe("http://ui.test/api/groups/g1/invitations");
    expect(forwarded?.headers.get("Cookie")).toBe("session=abc");
    expect(await forwarded?.text()).toBe('{"userId":"bob"}');
    expect(notifications.requests).toHaveLength(0);
  });

  it("forwards /ws requests to the notifications worker with their Upgrade, Origin and Cookie headers", async () => {
    const { env, groups, notifications } = environment();
    const headers = { Upgrade: "websocket", Origin: "http://127.0.0.1:5173", Cookie: "session=abc" };
    const response = await app.request("/ws/notifications", { headers }, env);
    expect(await response.json()).toEqual({ from: "notifications" });
    const forwarded = notifications.requests[0];
    expect(forwarded?.headers.get("Upgrade")).toBe("websocket");
    expect(forwarded?.headers.get("Origin")).toBe("http://127.0.0.1:5173");
    expect(forwarded?.headers.get("Cookie")).toBe("session=abc");
    expect(groups.requests).toHaveLength(0);
  });
});
