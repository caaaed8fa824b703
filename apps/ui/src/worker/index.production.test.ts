import { env } from "cloudflare:workers";
import { SESSION_COOKIE, signSession } from "@repo/auth";
import { describe, expect, it } from "vitest";
import { postSignIn, request } from "./test/helpers";

describe("UI worker in production, in front of the real groups and notifications workers", () => {
  it("has no sign-in route: POST /api/session answers the UI worker's own 404 without a cookie, never reaching the groups worker", async () => {
    const response = await postSignIn({ userId: "alice", name: "Alice" });
    expect(response.status).toBe(404);
    // The groups worker would have answered 401 (no session); this is the UI worker's not-found.
    expect(await response.json()).toEqual({ error: "not found" });
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("signs out by clearing the cookie with Max-Age=0 and Secure", async () => {
    const response = await request("/api/session", { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(response.headers.get("Set-Cookie")).toMatch(/^session=;.*Max-Age=0.*Secure/);
  });

  it("says who is signed in from a session the deployment's sign-in issued, and answers 401 without one", async () => {
    const token = await signSession(env.SESSION_SECRET, { userId: "dave", name: "Dave" });

    const byCookie = await request("/api/session", { headers: { Cookie: `${SESSION_COOKIE}=${token}` } });
    expect(byCookie.status).toBe(200);
    expect(await byCookie.json()).toEqual({ userId: "dave", name: "Dave" });

    expect((await request("/api/session")).status).toBe(401);
  });
});
