import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { signSession } from "@repo/auth";
import type { NotificationFrame } from "@repo/notifications";
import { openNotificationsSocket, type RecordingSocket, sleep } from "@repo/test-utils";
import { afterEach, expect } from "vitest";
import type { z } from "zod";
import { Group, Invitation, JoinRequest } from "../model";
import { TEST_SESSION_SECRET } from "./constants";

const BASE = "http://groups.test";

const openSockets: RecordingSocket[] = [];
afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

export interface TestUser {
  id: string;
  name: string;
  token: string;
}

/** A signed-in user no other test uses, so each test has its own objects. */
export async function signIn(label: string): Promise<TestUser> {
  const id = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  return { id, name, token: await signSession(TEST_SESSION_SECRET, { userId: id, name }) };
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Calls the groups API as `user` (or without a session); a string body is sent as is. */
export async function call(user: TestUser | null, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (user) headers.Authorization = `Bearer ${user.token}`;
  // As the UI sends them: every write is JSON, body or not.
  if (method !== "GET") headers["Content-Type"] = "application/json";
  const response = await exports.default.fetch(`${BASE}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? JSON.parse(text) : null };
}

/** Calls the API and expects `status`, answering the body read through `schema`. */
export async function expectCall<T>(
  schema: z.ZodType<T>,
  status: number,
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await call(user, method, path, body);
  expect(response, `${method} ${path}`).toMatchObject({ status });
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) throw new Error(`unexpected body from ${method} ${path}: ${JSON.stringify(response.body)}`);
  return parsed.data;
}

export const createGroup = (admin: TestUser, name = "Rocket Club") =>
  expectCall(Group, 201, admin, "POST", "/api/groups", { name });
export const invite = (admin: TestUser, groupId: string, userId: string) =>
  expectCall(Invitation, 201, admin, "POST", `/api/groups/${groupId}/invitations`, { userId });
export const accept = (invitee: TestUser, invitationId: string) =>
  expectCall(Invitation, 200, invitee, "POST", `/api/invitations/${invitationId}/accept`);
export const requestToJoin = (requester: TestUser, groupId: string, message?: string) =>
  expectCall(JoinRequest, 201, requester, "POST", `/api/groups/${groupId}/join-requests`, message ? { message } : {});
export const grantAdmin = (admin: TestUser, groupId: string, userId: string) =>
  expectCall(Group, 200, admin, "PUT", `/api/groups/${groupId}/admins/${userId}`);

/** Makes `user` a member of the group (invited by `admin`, accepted), and an admin if asked. */
export async function addMember(admin: TestUser, groupId: string, user: TestUser, role: "admin" | "member") {
  const invitation = await invite(admin, groupId, user.id);
  await accept(user, invitation.id);
  if (role === "admin") await grantAdmin(admin, groupId, user.id);
}

/** Opens a notifications socket for `user` on the auxiliary notifications worker, as a browser tab would. Closed after the test. */
export async function connect(user: TestUser): Promise<RecordingSocket> {
  const recording = await openNotificationsSocket(env.NOTIFICATIONS_WORKER, user.token);
  openSockets.push(recording);
  return recording;
}

/** How many entries the group object's outbox still holds. */
export function outboxSize(groupId: string): Promise<number> {
  return runInDurableObject(env.GROUPS.get(env.GROUPS.idFromName(groupId)), (_, state) => {
    const row = state.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one();
    return Number(row.n);
  });
}

/** Waits until the group has delivered everything it owes, and the frames it caused have reached the sockets. */
export async function drained(groupId: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await outboxSize(groupId)) > 0) {
    if (Date.now() > deadline) throw new Error(`the outbox of ${groupId} did not drain in ${timeoutMs} ms`);
    await sleep(20);
  }
  await sleep(100);
}

/**
 * Users with open sockets, and what each received since the last `mark()`.
 * Marking acknowledges what came before, so earlier notifications are never
 * sent again in the middle of a test.
 */
export class Inboxes<Label extends string> {
  private marks = new Map<Label, number>();

  private constructor(private readonly sockets: Map<Label, RecordingSocket>) {}

  static async open<L extends string>(users: Record<L, TestUser>): Promise<Inboxes<L>> {
    const sockets = new Map<L, RecordingSocket>();
    for (const [label, user] of Object.entries(users) as [L, TestUser][]) sockets.set(label, await connect(user));
    return new Inboxes(sockets);
  }

  mark(): void {
    for (const [label, socket] of this.sockets) {
      for (const frame of socket.notifications()) {
        if (frame.requiresAck) socket.send({ type: "ack", notificationId: frame.id });
      }
      this.marks.set(label, socket.notifications().length);
    }
  }

  since(label: Label): NotificationFrame[] {
    const socket = this.sockets.get(label);
    if (!socket) throw new Error(`no socket for ${label}`);
    return socket.notifications().slice(this.marks.get(label) ?? 0);
  }

  /** Every label's notifications since the mark, as `{ label: [type, ...] }`. */
  types(): Record<Label, string[]> {
    const result: Partial<Record<Label, string[]>> = {};
    for (const label of this.sockets.keys()) result[label] = this.since(label).map((frame) => frame.type);
    return result as Record<Label, string[]>;
  }
}
