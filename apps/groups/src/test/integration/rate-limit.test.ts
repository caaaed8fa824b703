import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { call, connect, createGroup, drained, invite, signIn } from "../helpers";

describe("group actions are rate-limited per acting user", () => {
  it("answers the 31st action in a minute with 429 and Retry-After, changing nothing, while other users act freely", async () => {
    const [alice, bob, victim] = await Promise.all([signIn("alice"), signIn("bob"), signIn("victim")]);
    const victimSocket = await connect(victim);
    const group = await createGroup(alice);
    // The group's creation was Alice's first action; 29 invitations make 30.
    for (let i = 0; i < 29; i++) await invite(alice, group.id, `invitee-${i}-${crypto.randomUUID().slice(0, 8)}`);

    const refused = await call(alice, "POST", `/api/groups/${group.id}/invitations`, { userId: victim.id });
    expect(refused).toEqual({
      status: 429,
      body: { error: expect.stringContaining("rate limit"), retryAfterSeconds: expect.any(Number) },
    });
    const { retryAfterSeconds } = z.object({ retryAfterSeconds: z.number().int() }).parse(refused.body);
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);

    // Join requests and new groups count against the same limit.
    expect((await call(alice, "POST", "/api/groups", { name: "Another" })).status).toBe(429);

    // The refused invitation does not exist, and published nothing.
    await drained(group.id);
    expect(await call(victim, "GET", "/api/invitations")).toEqual({ status: 200, body: [] });
    expect(victimSocket.notifications()).toEqual([]);
    expect((await call(alice, "GET", "/api/groups")).body).toHaveLength(1);

    // Bob is not Alice: his own actions go through.
    const bobsGroup = await createGroup(bob, "Bob's Club");
    await invite(bob, bobsGroup.id, victim.id);
    expect((await call(bob, "POST", `/api/groups/${group.id}/join-requests`, {})).status).toBe(201);
  });

  it("sends the Retry-After header in whole seconds with the 429", async () => {
    const alice = await signIn("alice");
    const group = await createGroup(alice);
    for (let i = 0; i < 29; i++) await invite(alice, group.id, `invitee-${i}`);
    const response = await exports.default.fetch(`http://groups.test/api/groups/${group.id}/join-requests`, {
      method: "POST",
      headers: { Authorization: `Bearer ${alice.token}`, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toMatch(/^[1-9][0-9]?$/);
  });
});
