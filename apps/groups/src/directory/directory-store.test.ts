import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Invitation } from "../model";
import { DirectoryStore } from "./directory-store";
import type { Relation } from "./relation";

const groupId = "4b8e4a3c-5a4f-4b43-9a53-2f3e3c7d9b10";

function withStore<T>(run: (store: DirectoryStore) => T): Promise<T> {
  const stub = env.USER_DIRECTORY.get(env.USER_DIRECTORY.idFromName(`user-${crypto.randomUUID()}`));
  return runInDurableObject(stub, (_, state) => run(new DirectoryStore(state.storage.sql)));
}

const invitation: Invitation = {
  id: `${groupId}.0f5f4c8e-8b7a-4d1c-9c55-7c6b1d2e3f40`,
  groupId,
  groupName: "Rocket Club",
  userId: "bob",
  userName: "bob",
  invitedById: "alice",
  invitedByName: "Alice",
  status: "pending",
  createdAt: 1,
  respondedAt: null,
};
const invited: Relation = { groupId, groupName: "Rocket Club", membership: null, invitation };
const member: Relation = {
  groupId,
  groupName: "Rocket Club",
  membership: { role: "member", joinedAt: 2 },
  invitation: null,
};

describe("a user's directory", () => {
  it("keeps the newest relation to a group, whatever order the updates arrive in", async () => {
    const result = await withStore((store) => {
      store.apply(5, member);
      store.apply(3, invited);
      return { groups: store.groups(), invitations: store.pendingInvitations() };
    });
    expect(result).toEqual({
      groups: [{ id: groupId, name: "Rocket Club", role: "member", joinedAt: 2 }],
      invitations: [],
    });
  });

  it("changes nothing when the same update is applied twice", async () => {
    const applied = await withStore((store) => [
      store.apply(3, invited),
      store.apply(3, invited),
      store.pendingInvitations(),
    ]);
    expect(applied).toEqual([true, false, [invitation]]);
  });

  it("forgets a group the user left, and keeps that fact against older updates", async () => {
    const groups = await withStore((store) => {
      store.apply(5, member);
      store.apply(7, { ...member, membership: null });
      store.apply(6, member);
      return store.groups();
    });
    expect(groups).toEqual([]);
  });
});
