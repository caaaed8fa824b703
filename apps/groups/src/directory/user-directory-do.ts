import { DurableObject } from "cloudflare:workers";
import { migrateSchema } from "@repo/do-utils";
import { UserId } from "@repo/notifications";
import { z } from "zod";
import { readConfig } from "../config";
import { log } from "../log";
import type { GroupSummary, Invitation } from "../model";
import { ActionLog } from "./action-log";
import { DirectoryStore } from "./directory-store";
import { decideAction, horizonMs, type RateDecision, type RateWindow } from "./rate-limit";
import { Relation } from "./relation";
import { DIRECTORY_SCHEMA } from "./schema";

const ApplyArgs = z.object({ userId: UserId, version: z.number().int().positive(), relation: Relation });

/**
 * One user's index of groups and pending invitations, named by the user id.
 * Group objects keep it current through their outboxes; it answers "my
 * groups" and "my invitations" without asking every group. It also counts
 * the user's group actions for their rate limit: one object per user is
 * already the one place that sees all of them.
 */
export class UserDirectoryDO extends DurableObject<Env> {
  private readonly store: DirectoryStore;
  private readonly actions: ActionLog;
  private readonly windows: RateWindow[];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const config = readConfig(env);
    this.windows = [
      { limit: config.actionsPerMinute, ms: 60_000 },
      { limit: config.actionsPerDay, ms: 24 * 60 * 60_000 },
    ];
    const schema = migrateSchema(ctx.storage, DIRECTORY_SCHEMA);
    // Storage newer than this code (a rolled-back deploy) is served as it is, and said so.
    if (schema.from !== schema.to)
      log(schema.from < schema.to ? "schema_migrated" : "schema_ahead", { object: "UserDirectoryDO", ...schema });
    this.store = new DirectoryStore(ctx.storage.sql);
    this.actions = new ActionLog(ctx.storage.sql);
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

  /**
   * Counts one invitation, join request or group creation by this user, or
   * refuses it when a window is full; a refused action is not counted. One
   * transaction, so two concurrent actions cannot both take the last slot.
   */
  async takeAction(): Promise<RateDecision> {
    const now = Date.now();
    return this.ctx.storage.transactionSync(() => {
      this.actions.forgetBefore(now - horizonMs(this.windows));
      const decision = decideAction(this.actions.times(), now, this.windows);
      if (decision.allowed) this.actions.record(now);
      return decision;
    });
  }

  async listGroups(): Promise<GroupSummary[]> {
    return this.store.groups();
  }

  async listInvitations(): Promise<Invitation[]> {
    return this.store.pendingInvitations();
  }
}
