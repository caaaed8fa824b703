import { DurableObject } from "cloudflare:workers";
import { UserId } from "@repo/notifications";
import { z } from "zod";
import type { Env } from "../env";
import { log } from "../log";
import type { GroupSummary, Invitation } from "../model";
import { DirectoryStore } from "./directory-store";
import { Relation } from "./relation";

const ApplyArgs = z.object({ userId: UserId, version: z.number().int().positive(), relation: Relation });

/**
 * One user's index of groups and pending invitations, named by the user id.
 * Group objects keep it current through their outboxes; it answers "my
 * groups" and "my invitations" without asking every group.
 */
export class UserDirectoryDO extends DurableObject<Env> {
  private readonly store: DirectoryStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new DirectoryStore(ctx.storage.sql);
  }

  async applyRelation(userId: string, version: number, relation: Relation): Promise<void> {
    const args = ApplyArgs.safeParse({ userId, version, relation });
    if (!args.success) throw new TypeError(`invalid relation: ${z.prettifyError(args.error)}`);
    const applied = this.store.apply(args.data.version, args.data.relation);
    log("directory_updated", {
      userId: args.data.userId,
      groupId: args.data.relation.groupId,
      version: args.data.version,
      applied,
    });
  }

  async listGroups(): Promise<GroupSummary[]> {
    return this.store.groups();
  }

  async listInvitations(): Promise<Invitation[]> {
    return this.store.pendingInvitations();
  }
}
