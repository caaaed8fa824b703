import { env } from "cloudflare:workers";
import { signSession, verifySession } from "@repo/auth";
import { waitForMessages } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TEST_ALLOWED_ORIGIN } from "./test/constants";
import { acceptSocket, postSignIn, request, signIn } from "./test/helpers";

const GroupId = z.object({ id: z.string() });

/** Cookie-carrying JSON request, as the app sends it from the browser. */
function asUser(cookie: string, method: string, body?: unknown): RequestInit {
  return {
    method,
    headers: { Cookie: cookie, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

describe("UI worker in development, in front of the real groups and notifications workers", () => {
  it("signs anyone in, returning the token and setting an HttpOnly SameSite=Lax cookie without Secure", async () => {
    const response = await postSignIn({ userId: "alice", name: "Alice" });

    expect(response.status).toBe(200);
    const { token } = z.object({ token: z.string() }).parse(await response.json());
    expect(await verifySession(env.SESSION_SECRET, token)).toMatchObject({ sub: "alice", name: "Alice" });
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(new RegExp(`^session=${token};`));
    expect(cookie).toContain("Path=/");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });

  it("signs in only on a loopback host: 127.0.0.1, localhost and [::1] pass, any other host gets 403 and no cookie", async () => {
    for (const base of ["http://localhost:5173", "http://[::1]:5173"]) {
      expect((await postSignIn({ userId: "alice", name: "Alice" }, base)).status).toBe(200);
    }
    for (const base of ["http://ui.example", "http://192.168.1.20:5173", "http://127.0.0.1.nip.io:5173"]) {
      const refused = await postSignIn({ userId: "alice", name: "Alice" }, base);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: expect.stringContaining("127.0.0.1, localhost or [::1]") });
      expect(refused.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("refuses an invalid sign-in with 400 and the reasons, and a body that is not JSON with 400", async () => {
    const response = await postSignIn({ userId: "no spaces", name: "" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.any(String), issues: expect.any(Array) });
    expect(response.headers.get("Set-Cookie")).toBeNull();

    const notJson = await request("/api/session", { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("says who is signed in from the cookie or a bearer token, and answers 401 without a valid session", async () => {
    const bob = await signIn("bob");

    const byCookie = await request("/api/session", { headers: { Cookie: bob.cookie } });
    expect(byCookie.status).toBe(200);
    expect(await byCookie.json()).toEqual({ userId: bob.userId, name: "Bob" });
    expect(byCookie.headers.get("Cache-Control")).toBe("no-store");

    const byBearer = await request("/api/session", { headers: { Authorization: `Bearer ${bob.token}` } });
    expect(byBearer.status).toBe(200);
    expect(await byBearer.json()).toEqual({ userId: bob.userId, name: "Bob" });

    const forged = await signSession("another-secret-another-secret", { userId: bob.userId, name: "Bob" });
    const byForged = await request("/api/session", { headers: { Authorization: `Bearer ${forged}` } });
    expect(byForged.status).toBe(401);
    const anonymous = await request("/api/session");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("Cache-Control")).toBe("no-store");
  });

  it("signs out by clearing the cookie with Max-Age=0, without Secure in development", async () => {
    const response = await request("/api/session", { method: "DELETE" });
    expect(response.status).toBe(204);
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^session=;.*Max-Age=0/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).not.toContain("Secure");
  });

  it("forwards /api/groups with the session cookie to the groups worker, which creates the group and then lists it with the creator as admin", async () => {
    const alice = await signIn("alice");

    const created = await request("/api/groups", asUser(alice.cookie, "POST", { name: "Rocket Club" }));
    expect(created.status).toBe(201);
    const group: unknown = await created.json();
    expect(group).toMatchObject({ name: "Rocket Club", createdById: alice.userId });
    const { id } = GroupId.parse(group);

    const listed = await request("/api/groups", asUser(alice.cookie, "GET"));
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([expect.objectContaining({ id, name: "Rocket Club", role: "admin" })]);
  });

  it("forwards a request's method, path and body untouched, so the groups worker records the invitation the signed-in admin sent", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const created = await request("/api/groups", asUser(alice.cookie, "POST", { name: "Chess" }));
    const { id: groupId } = GroupId.parse(await created.json());

    const invited = await request(
      `/api/groups/${groupId}/invitations`,
      asUser(alice.cookie, "POST", { userId: bob.userId }),
    );
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({
      groupId,
      userId: bob.userId,
      invitedById: alice.userId,
      status: "pending",
    });

    const bobsInvitations = await request("/api/invitations", { headers: { Authorization: `Bearer ${bob.token}` } });
    expect(await bobsInvitations.json()).toEqual([expect.objectContaining({ groupId, userId: bob.userId })]);
  });

  it("passes /api requests without a session on to the groups worker, which answers 401", async () => {
    const response = await request("/api/groups");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "a valid session is required" });
  });

  it("upgrades /ws/notifications with the session cookie and an allowed Origin through the notifications worker, to a socket that answers a ping with a pong", async () => {
    const carol = await signIn("carol");
    const response = await request("/ws/notifications", {
      headers: { Upgrade: "websocket", Origin: TEST_ALLOWED_ORIGIN, Cookie: carol.cookie },
    });
    expect(response.status).toBe(101);
    const socket = acceptSocket(response);

    socket.send({ type: "ping" });
    expect(await waitForMessages(socket, 1, 5_000)).toEqual([{ type: "pong" }]);
  });

  it("passes /ws/notifications without a session on to the notifications worker, which answers 401", async () => {
    const response = await request("/ws/notifications", {
      headers: { Upgrade: "websocket", Origin: TEST_ALLOWED_ORIGIN },
    });
    expect(response.status).toBe(401);
    expect(response.webSocket).toBeNull();
    expect(await response.json()).toEqual({ error: "a valid session is required" });
  });

  it("forwards the Origin and Upgrade headers of /ws requests: the notifications worker refuses an unknown origin with 403 and a plain request with 426", async () => {
    const carol = await signIn("carol");

    const foreign = await request("/ws/notifications", {
      headers: { Upgrade: "websocket", Origin: "https://elsewhere.example", Cookie: carol.cookie },
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({ error: "origin not allowed" });

    const notAnUpgrade = await request("/ws/notifications", {
      headers: { Origin: TEST_ALLOWED_ORIGIN, Cookie: carol.cookie },
    });
    expect(notAnUpgrade.status).toBe(426);
    expect(notAnUpgrade.headers.get("Upgrade")).toBe("websocket");
  });

  it("answers a path outside /api and /ws that reaches the worker with 404", async () => {
    const response = await request("/elsewhere");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not found" });
  });
});
