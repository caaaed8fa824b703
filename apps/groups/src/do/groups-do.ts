import { DurableObject } from "cloudflare:workers";
import { migrateSchema, withTimeout } from "@repo/do-utils";
import { PublishResult, UserId } from "@repo/notifications";
import { z } from "zod";
import { type Config, readConfig } from "../config";
import { GroupId } from "../ids";
import { log } from "../log";
import { Actor, type Group, GroupName, type Invitation, type JoinRequest } from "../model";
import { retryDelayMs } from "../outbox/backoff";
import { afterFailure, isPermanentFailure } from "../outbox/classify";
import { type DeliveryOutcome, deliverInOrder } from "../outbox/deliver";
import { type OutboxEntry, type OutboxKind, OutboxStore } from "../outbox/outbox-store";
import { GroupFlows } from "./group-flows";
import { GroupStore } from "./group-store";
import type { Result } from "./result";
import { GROUPS_SCHEMA } from "./schema";

const ChildId = z.string().min(1).max(200);
const Text = z.string().max(2000).nullable();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TypeError(`invalid RPC input: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * One group (named by its id): members, invitations, join requests, and the
 * outbox of what its changes owe to notifications and user directories. This
 * class is plumbing: it parses RPC input, runs a flow in one transaction, and
 * delivers the outbox from its alarm.
 */
export class GroupsDO extends DurableObject<Env> {
  private readonly store: GroupStore;
  private readonly outbox: OutboxStore;
  private readonly flows: GroupFlows;
  private readonly config: Config;
  /** Outbox entries a delivery pass of this instance is sending right now. */
  private readonly inflight = new Set<number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    const schema = migrateSchema(ctx.storage, GROUPS_SCHEMA);
    // Storage newer than this code (a rolled-back deploy) is served as it is, and said so.
    if (schema.from !== schema.to)
      log(schema.from < schema.to ? "schema_migrated" : "schema_ahead", { object: "GroupsDO", ...schema });
    this.store = new GroupStore(ctx.storage.sql);
    this.outbox = new OutboxStore(ctx.storage.sql);
    this.flows = new GroupFlows(this.store, this.outbox, Date.now);
  }

  async createGroup(groupId: string, name: string, actor: Actor): Promise<Result<Group>> {
    const args = parse(z.object({ groupId: GroupId, name: GroupName, actor: Actor }), { groupId, name, actor });
    return this.change("create_group", args.actor, (flows) => flows.create(args.groupId, args.name, args.actor));
  }

  async getGroup(actor: Actor): Promise<Result<Group>> {
    return this.flows.view(parse(Actor, actor));
  }

  async invite(actor: Actor, userId: string): Promise<Result<Invitation>> {
    const args = parse(z.object({ actor: Actor, userId: UserId }), { actor, userId });
    return this.change("invite", args.actor, (flows) => flows.invite(args.actor, args.userId));
  }

  async acceptInvitation(actor: Actor, invitationId: string): Promise<Result<Invitation>> {
    const args = parse(z.object({ actor: Actor, invitationId: ChildId }), { actor, invitationId });
    return this.change("accept_invitation", args.actor, (flows) =>
      flows.acceptInvitation(args.actor, args.invitationId),
    );
  }

  async declineInvitation(actor: Actor, invitationId: string): Promise<Result<Invitation>> {
    const args = parse(z.object({ actor: Actor, invitationId: ChildId }), { actor, invitationId });
    return this.change("decline_invitation", args.actor, (flows) =>
      flows.declineInvitation(args.actor, args.invitationId),
    );
  }

  async requestToJoin(actor: Actor, message: string | null): Promise<Result<JoinRequest>> {
    const args = parse(z.object({ actor: Actor, message: Text }), { actor, message });
    return this.change("request_to_join", args.actor, (flows) => flows.requestToJoin(args.actor, args.message));
  }

  async listJoinRequests(actor: Actor): Promise<Result<JoinRequest[]>> {
    return this.flows.pendingJoinRequests(parse(Actor, actor));
  }

  async approveJoinRequest(actor: Actor, requestId: string): Promise<Result<JoinRequest>> {
    const args = parse(z.object({ actor: Actor, requestId: ChildId }), { actor, requestId });
    return this.change("approve_join_request", args.actor, (flows) =>
      flows.approveJoinRequest(args.actor, args.requestId),
    );
  }

  async rejectJoinRequest(actor: Actor, requestId: string, reason: string | null): Promise<Result<JoinRequest>> {
    const args = parse(z.object({ actor: Actor, requestId: ChildId, reason: Text }), { actor, requestId, reason });
    return this.change("reject_join_request", args.actor, (flows) =>
      flows.rejectJoinRequest(args.actor, args.requestId, args.reason),
    );
  }

  async removeMember(actor: Actor, userId: string): Promise<Result<Group>> {
    const args = parse(z.object({ actor: Actor, userId: UserId }), { actor, userId });
    return this.change("remove_member", args.actor, (flows) => flows.removeMember(args.actor, args.userId));
  }

  async grantAdmin(actor: Actor, userId: string): Promise<Result<Group>> {
    const args = parse(z.object({ actor: Actor, userId: UserId }), { actor, userId });
    return this.change("grant_admin", args.actor, (flows) => flows.grantAdmin(args.actor, args.userId));
  }

  async revokeAdmin(actor: Actor, userId: string): Promise<Result<Group>> {
    const args = parse(z.object({ actor: Actor, userId: UserId }), { actor, userId });
    return this.change("revoke_admin", args.actor, (flows) => flows.revokeAdmin(args.actor, args.userId));
  }

  /** Runs at least once per scheduled time; a pass only sends what is still in the outbox, so running twice is harmless. */
  override async alarm(): Promise<void> {
    await this.deliverDue();
  }

  /**
   * Runs a flow in one transaction. Directory updates are sent before
   * answering, so the actor's own lists are current; notifications go out
   * from the alarm that the pass sets for right now, so a slow or absent
   * notifications worker never holds up the answer.
   */
  private async change<T>(action: string, actor: Actor, run: (flows: GroupFlows) => Result<T>): Promise<Result<T>> {
    const result = this.ctx.storage.transactionSync(() => run(this.flows));
    const groupId = this.store.group()?.id ?? null;
    if (!result.ok) {
      log("action_refused", { action, groupId, userId: actor.id, status: result.status, reason: result.error });
      return result;
    }
    log("group_action", { action, groupId, userId: actor.id });
    await this.deliverDue("directory");
    return result;
  }

  /** One delivery pass over the due outbox entries (of `kind`, or all); it always ends by setting the next alarm. */
  private async deliverDue(kind?: OutboxKind): Promise<void> {
    try {
      const { entries, unreadable } = this.outbox.due(Date.now(), this.config.outboxBatchSize, this.inflight, kind);
      if (unreadable.length > 0) {
        this.ctx.storage.transactionSync(() => this.outbox.deadLetter(unreadable, "unreadable entry", Date.now()));
        for (const id of unreadable) {
          log("outbox_dead_lettered", { groupId: this.groupId(), entry: id, attempts: 0, error: "unreadable entry" });
        }
      }
      if (entries.length === 0) return;
      for (const entry of entries) this.inflight.add(entry.id);
      try {
        const outcome = await deliverInOrder(
          entries,
          (entry) => withTimeout(this.send(entry), this.config.publishTimeoutMs, `${entry.kind} delivery`),
          isPermanentFailure,
        );
        this.recordOutcome(entries, outcome);
      } finally {
        for (const entry of entries) this.inflight.delete(entry.id);
      }
    } finally {
      await this.scheduleAlarm();
    }
  }

  private recordOutcome(entries: OutboxEntry[], outcome: DeliveryOutcome): void {
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    const now = Date.now();
    const retryAt = new Map<number, number>();
    this.ctx.storage.transactionSync(() => {
      this.outbox.remove(outcome.delivered);
      for (const { id, error, permanent } of outcome.failed) {
        const entry = byId.get(id);
        const failures = (entry?.attempts ?? 0) + 1;
        if (afterFailure(failures, permanent, this.config.outboxPermanentAttempts) === "dead-letter") {
          // What was held behind it goes out in the pass the alarm runs right away.
          this.outbox.recordFailure(id, now, error);
          this.outbox.deadLetter([id], error, now);
          log("outbox_dead_lettered", {
            groupId: this.groupId(),
            entry: id,
            kind: entry?.kind ?? null,
            recipientId: entry?.recipientId ?? null,
            attempts: failures,
            error: error.slice(0, 200),
          });
          continue;
        }
        const at = now + retryDelayMs(failures, this.config.outboxBaseDelayMs, this.config.outboxMaxDelayMs);
        retryAt.set(id, at);
        this.outbox.recordFailure(id, at, error);
        log("outbox_retry", {
          groupId: this.groupId(),
          entry: id,
          kind: entry?.kind ?? null,
          recipientId: entry?.recipientId ?? null,
          failures,
          permanent,
          retryInMs: at - now,
          error: error.slice(0, 200),
        });
      }
      for (const { id, behind } of outcome.held) this.outbox.postpone(id, retryAt.get(behind) ?? now);
    });
  }

  private async send(entry: OutboxEntry): Promise<void> {
    if (entry.kind === "directory") {
      await this.env.USER_DIRECTORY.getByName(entry.recipientId).applyRelation(
        entry.recipientId,
        entry.id,
        entry.relation,
      );
      return;
    }
    const answer = await this.env.NOTIFICATIONS.getByName(entry.recipientId).publishNotification(
      entry.recipientId,
      entry.input,
    );
    const published = PublishResult.safeParse(answer);
    if (!published.success) throw new Error("the notifications object answered something that is not a publish result");
    log("outbox_delivered", {
      groupId: this.groupId(),
      entry: entry.id,
      type: entry.input.type,
      recipientId: entry.recipientId,
      notificationId: published.data.id,
      seq: published.data.seq,
      attempts: entry.attempts + 1,
    });
  }

  /** Sets the alarm to the earliest entry no pass is sending, or clears it; a running pass sets its own when it ends. */
  private async scheduleAlarm(): Promise<void> {
    const next = this.outbox.nextAttemptAt(this.inflight);
    if (next === null) await this.ctx.storage.deleteAlarm();
    else if ((await this.ctx.storage.getAlarm()) !== next) await this.ctx.storage.setAlarm(next);
  }

  private groupId(): string | null {
    return this.store.group()?.id ?? null;
  }
}
