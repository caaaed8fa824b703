import { signSession } from "@repo/auth";
import { describe, expect, it } from "vitest";
import { accept, addMember, call, createGroup, invite, requestToJoin, signIn, type TestUser } from "../helpers";

const someGroup = "4b8e4a3c-5a4f-4b43-9a53-2f3e3c7d9b10";
const someChild = `${someGroup}.0f5f4c8e-8b7a-4d1c-9c55-7c6b1d2e3f40`;

/** A group with Alice as admin and Bob as plain member, and Eve who is in no way part of it. */
async function scene() {
  const [alice, bob, eve] = await Promise.all([signIn("alice"), signIn("bob"), signIn("eve")]);
  const group = await createGroup(alice);
  await addMember(alice, group.id, bob, "member");
  return { alice, bob, eve, group };
}

async function expectRefused(user: TestUser | null, method: string, path: string, status: number, body?: unknown) {
  const response = await call(user, method, path, body);
  expect(response, `${method} ${path}`).toMatchObject({ status, body: { error: expect.any(String) } });
  return response;
}

describe("the groups API answers 401 without a valid session", () => {
  it("refuses every /api route without a session, and with a forged or expired one", async () => {
    const routes: [string, string][] = [
      ["POST", "/api/groups"],
      ["GET", "/api/groups"],
      ["GET", `/api/groups/${someGroup}`],
      ["POST", `/api/groups/${someGroup}/invitations`],
      ["GET", "/api/invitations"],
      ["POST", `/api/invitations/${someChild}/accept`],
      ["POST", `/api/invitations/${someChild}/decline`],
      ["POST", `/api/groups/${someGroup}/join-requests`],
      ["GET", `/api/groups/${someGroup}/join-requests`],
      ["POST", `/api/join-requests/${someChild}/approve`],
      ["POST", `/api/join-requests/${someChild}/reject`],
      ["DELETE", `/api/groups/${someGroup}/members/bob`],
      ["PUT", `/api/groups/${someGroup}/admins/bob`],
      ["DELETE", `/api/groups/${someGroup}/admins/bob`],
    ];
    const forged = {
      id: "mallory",
      name: "Mallory",
      token: await signSession("not-the-secret", { userId: "mallory", name: "M" }),
    };
    const expired = {
      id: "old",
      name: "Old",
      token: await signSession("test-session-secret-at-least-32-bytes-long", { userId: "old", name: "Old" }, 1_000, 60),
    };
    for (const [method, path] of routes) {
      const body = method === "GET" ? undefined : { name: "x" };
      for (const user of [null, forged, expired]) await expectRefused(user, method, path, 401, body);
    }
  });
});

describe("the groups API answers 403 to users the rules do not allow", () => {
  it("lets only members see a group", async () => {
    const { eve, group } = await scene();
    await expectRefused(eve, "GET", `/api/groups/${group.id}`, 403);
  });

  it("lets only admins invite", async () => {
    const { bob, eve, group } = await scene();
    await expectRefused(bob, "POST", `/api/groups/${group.id}/invitations`, 403, { userId: eve.id });
    await expectRefused(eve, "POST", `/api/groups/${group.id}/invitations`, 403, { userId: eve.id });
  });

  it("lets only the invitee accept or decline an invitation", async () => {
    const { alice, bob, eve, group } = await scene();
    const invitation = await invite(alice, group.id, eve.id);
    for (const user of [alice, bob]) {
      await expectRefused(user, "POST", `/api/invitations/${invitation.id}/accept`, 403);
      await expectRefused(user, "POST", `/api/invitations/${invitation.id}/decline`, 403);
    }
  });

  it("lets only admins list, approve and reject join requests", async () => {
    const { bob, eve, group } = await scene();
    const request = await requestToJoin(eve, group.id);
    await expectRefused(bob, "GET", `/api/groups/${group.id}/join-requests`, 403);
    await expectRefused(eve, "GET", `/api/groups/${group.id}/join-requests`, 403);
    await expectRefused(bob, "POST", `/api/join-requests/${request.id}/approve`, 403);
    await expectRefused(eve, "POST", `/api/join-requests/${request.id}/approve`, 403);
    await expectRefused(bob, "POST", `/api/join-requests/${request.id}/reject`, 403);
  });

  it("lets only admins remove members, grant and revoke the admin role", async () => {
    const { alice, bob, eve, group } = await scene();
    await expectRefused(bob, "DELETE", `/api/groups/${group.id}/members/${alice.id}`, 403);
    await expectRefused(eve, "DELETE", `/api/groups/${group.id}/members/${bob.id}`, 403);
    await expectRefused(bob, "PUT", `/api/groups/${group.id}/admins/${bob.id}`, 403);
    await expectRefused(bob, "DELETE", `/api/groups/${group.id}/admins/${alice.id}`, 403);
  });
});

describe("the groups API answers 400 to invalid input, with the reasons", () => {
  it("refuses a group without a proper name", async () => {
    const alice = await signIn("alice");
    for (const body of [{}, { name: "" }, { name: "   " }, { name: "x".repeat(101) }, { name: 7 }, [], "null"]) {
      const response = await expectRefused(alice, "POST", "/api/groups", 400, body);
      expect(response.body).toMatchObject({ issues: expect.any(Array) });
    }
  });

  it("refuses a body that is not JSON", async () => {
    const alice = await signIn("alice");
    expect(await call(alice, "POST", "/api/groups", "{name:")).toEqual({
      status: 400,
      body: { error: "the body is not valid JSON" },
    });
  });

  it("refuses an invitation without a user id, and join request messages or rejection reasons that are too long", async () => {
    const { alice, eve, group } = await scene();
    for (const body of [{}, { userId: "" }, { userId: 42 }, { userId: "x".repeat(201) }]) {
      await expectRefused(alice, "POST", `/api/groups/${group.id}/invitations`, 400, body);
    }
    await expectRefused(eve, "POST", `/api/groups/${group.id}/join-requests`, 400, { message: "x".repeat(2001) });
    const request = await requestToJoin(eve, group.id);
    await expectRefused(alice, "POST", `/api/join-requests/${request.id}/reject`, 400, { reason: 3 });
  });
});

describe("the groups API answers 404 for unknown groups, invitations, join requests and members", () => {
  it("answers 404 for a group that does not exist or an id that cannot be one", async () => {
    const alice = await signIn("alice");
    for (const id of [someGroup, "not-a-group"]) {
      await expectRefused(alice, "GET", `/api/groups/${id}`, 404);
      await expectRefused(alice, "POST", `/api/groups/${id}/invitations`, 404, { userId: "bob" });
      await expectRefused(alice, "POST", `/api/groups/${id}/join-requests`, 404);
      await expectRefused(alice, "GET", `/api/groups/${id}/join-requests`, 404);
      await expectRefused(alice, "DELETE", `/api/groups/${id}/members/bob`, 404);
      await expectRefused(alice, "PUT", `/api/groups/${id}/admins/bob`, 404);
    }
  });

  it("answers 404 for invitations and join requests that do not exist", async () => {
    const { alice, group } = await scene();
    const unknownInGroup = `${group.id}.${crypto.randomUUID()}`;
    for (const id of [someChild, unknownInGroup, "nope", group.id]) {
      await expectRefused(alice, "POST", `/api/invitations/${id}/accept`, 404);
      await expectRefused(alice, "POST", `/api/invitations/${id}/decline`, 404);
      await expectRefused(alice, "POST", `/api/join-requests/${id}/approve`, 404);
      await expectRefused(alice, "POST", `/api/join-requests/${id}/reject`, 404);
    }
  });

  it("answers 404 when an admin removes or changes the role of someone who is not a member", async () => {
    const { alice, eve, group } = await scene();
    await expectRefused(alice, "DELETE", `/api/groups/${group.id}/members/${eve.id}`, 404);
    await expectRefused(alice, "PUT", `/api/groups/${group.id}/admins/${eve.id}`, 404);
    await expectRefused(alice, "DELETE", `/api/groups/${group.id}/admins/${eve.id}`, 404);
  });

  it("answers 404 for routes that do not exist", async () => {
    const alice = await signIn("alice");
    await expectRefused(alice, "GET", "/api/nothing-here", 404);
  });
});

describe("the groups API answers 409 to conflicting states", () => {
  it("refuses to invite a member, or someone whose invitation is pending", async () => {
    const { alice, bob, eve, group } = await scene();
    await expectRefused(alice, "POST", `/api/groups/${group.id}/invitations`, 409, { userId: bob.id });
    await expectRefused(alice, "POST", `/api/groups/${group.id}/invitations`, 409, { userId: alice.id });
    await invite(alice, group.id, eve.id);
    await expectRefused(alice, "POST", `/api/groups/${group.id}/invitations`, 409, { userId: eve.id });
  });

  it("refuses a join request from a member, and a second one while the first is pending", async () => {
    const { bob, eve, group } = await scene();
    await expectRefused(bob, "POST", `/api/groups/${group.id}/join-requests`, 409);
    await requestToJoin(eve, group.id);
    await expectRefused(eve, "POST", `/api/groups/${group.id}/join-requests`, 409);
  });

  it("keeps the last admin: removing or revoking them is a conflict", async () => {
    const { alice, group } = await scene();
    await expectRefused(alice, "DELETE", `/api/groups/${group.id}/admins/${alice.id}`, 409);
    await expectRefused(alice, "DELETE", `/api/groups/${group.id}/members/${alice.id}`, 409);
  });

  it("refuses to answer an invitation or decide a join request twice", async () => {
    const { alice, eve, group } = await scene();
    const invitation = await invite(alice, group.id, eve.id);
    await accept(eve, invitation.id);
    await expectRefused(eve, "POST", `/api/invitations/${invitation.id}/accept`, 409);
    await expectRefused(eve, "POST", `/api/invitations/${invitation.id}/decline`, 409);

    const carol = await signIn("carol");
    const request = await requestToJoin(carol, group.id);
    await call(alice, "POST", `/api/join-requests/${request.id}/reject`);
    await expectRefused(alice, "POST", `/api/join-requests/${request.id}/approve`, 409);
    await expectRefused(alice, "POST", `/api/join-requests/${request.id}/reject`, 409);
  });
});
