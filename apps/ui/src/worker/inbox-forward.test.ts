import { describe, expect, it } from "vitest";
import { request, signIn } from "./test/helpers";

describe("the UI worker's forwarding of the inbox and preferences", () => {
  it("hands /api/notifications, /api/notifications/read and /api/preferences with the session cookie to the notifications worker", async () => {
    const bob = await signIn("bob");
    const headers = { Cookie: bob.cookie, "Content-Type": "application/json" };
    const history = await request("/api/notifications?limit=10", { headers });
    expect(history.status).toBe(200);
    expect(await history.json()).toEqual({ items: [], unread: 0, nextBefore: null });

    const read = await request("/api/notifications/read", { method: "POST", headers, body: '{"upToSeq":5}' });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ unread: 0 });

    const muted = { muted: { types: ["group.member.joined"], groups: ["g1"] } };
    const put = await request("/api/preferences", { method: "PUT", headers, body: JSON.stringify(muted) });
    expect(put.status).toBe(200);
    expect(await (await request("/api/preferences", { headers })).json()).toEqual(muted);
  });

  it("passes them on without a session, and the notifications worker answers 401; an invalid body gets its 400", async () => {
    for (const path of ["/api/notifications", "/api/preferences"]) {
      const response = await request(path);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "a valid session is required" });
    }
    const bob = await signIn("bob");
    const bad = await request("/api/notifications?limit=500", { headers: { Cookie: bob.cookie } });
    expect(bad.status).toBe(400);
  });
});
