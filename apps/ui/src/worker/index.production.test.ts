import { env } from "cloudflare:workers";
import { signSession } from "@repo/auth";
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

  it("signs out by clearing the __Host-session cookie: Max-Age=0, Secure, Path=/ and no Domain", async () => {
    const response = await request("/api/session", { method: "DELETE" });
    expect(response.status).toBe(204);
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^__Host-session=;.*Path=\/;.*Max-Age=0.*Secure/);
    expect(cookie).not.toContain("Domain");
  });

  it("says who is signed in from the __Host-session cookie the deployment's sign-in set, and answers 401 without one", async () => {
    const token = await signSession(env.SESSION_SECRET, { userId: "dave", name: "Dave" });

    const byCookie = await request("/api/session", { headers: { Cookie: `__Host-session=${token}` } });
    expect(byCookie.status).toBe(200);
    expect(await byCookie.json()).toEqual({ userId: "dave", name: "Dave" });

    expect((await request("/api/session")).status).toBe(401);
  });

  it("ignores a plain `session` cookie, which any sibling subdomain could have planted", async () => {
    const token = await signSession(env.SESSION_SECRET, { userId: "dave", name: "Dave" });
    expect((await request("/api/session", { headers: { Cookie: `session=${token}` } })).status).toBe(401);
  });

  it("forwards the __Host-session cookie to the groups worker, which reads it as the session", async () => {
    const token = await signSession(env.SESSION_SECRET, { userId: "erin", name: "Erin" });
    const groups = await request("/api/groups", { headers: { Cookie: `__Host-session=${token}` } });
    expect(groups.status).toBe(200);
    expect(await groups.json()).toEqual([]);
    const planted = await request("/api/groups", { headers: { Cookie: `session=${token}` } });
    expect(planted.status).toBe(401);
  });
});
