import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { signSession } from "@repo/auth";
import type { PublishInput } from "@repo/notifications";
import { openNotificationsSocket, type RecordingSocket } from "@repo/test-utils";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterEach } from "vitest";
import { notificationLog } from "../db/schema";
import { TEST_SESSION_SECRET } from "./constants";

export const BASE = "http://notifications.test";

const openSockets: RecordingSocket[] = [];
afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

/** A user id no other test uses, so each test has its own Durable Object. */
export function uniqueUser(label = "user"): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}`;
}

export function tokenFor(userId: string, name = userId, nowSeconds?: number, ttlSeconds?: number): Promise<string> {
  return signSession(TEST_SESSION_SECRET, { userId, name }, nowSeconds, ttlSeconds);
}

export function upgradeRequest(headers: Record<string, string>): Promise<Response> {
  return exports.default.fetch(`${BASE}/ws/notifications`, { headers: { Upgrade: "websocket", ...headers } });
}

/** Opens a socket for `userId` through the worker, as a browser tab would. Closed after the test. */
export async function connect(userId: string): Promise<RecordingSocket> {
  const recording = await openNotificationsSocket(exports.default, await tokenFor(userId), `${BASE}/ws/notifications`);
  openSockets.push(recording);
  return recording;
}

export function stubFor(userId: string) {
  return env.NOTIFICATIONS.getByName(userId);
}

export function publish(userId: string, input: PublishInput) {
  return stubFor(userId).publishNotification(userId, input);
}

export function announcement(title = "Maintenance tonight"): PublishInput {
  return { type: "system.announcement", data: { title, body: "The service restarts at 22:00.", severity: "info" } };
}

export function invitation(requiresAck?: boolean): PublishInput {
  return {
    type: "group.invitation.received",
    data: {
      invitationId: crypto.randomUUID(),
      groupId: "g1",
      groupName: "Rocket Club",
      inviterId: "alice",
      inviterName: "Alice",
    },
    ...(requiresAck === undefined ? {} : { requiresAck }),
  };
}

/** Reads the audit log directly (not through the fault proxy). */
export function auditDb() {
  // Closed soon after its last query: polling tests make many, and the server's connections are shared.
  return drizzle(postgres(env.TEST_DATABASE_URL, { max: 1, idle_timeout: 1, onnotice: () => {} }), {
    schema: { notificationLog },
  });
}

export async function setPostgres(state: "up" | "down"): Promise<void> {
  const response = await fetch(`${env.FAULT_CONTROL_URL}/${state}`, { method: "POST" });
  if (response.status !== 204) throw new Error(`fault proxy did not switch ${state}`);
}

/** The close code and reason `recording` gets; call before the close can happen. */
export function closeOf(recording: RecordingSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    recording.socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
  });
}

/** Runs SQL in `userId`'s object, as a test's window into its storage. */
export function sqlIn<T extends Record<string, SqlStorageValue>>(
  userId: string,
  query: string,
  ...bindings: unknown[]
) {
  return runInDurableObject(stubFor(userId), (_instance, state) =>
    state.storage.sql.exec<T>(query, ...bindings).toArray(),
  );
}

/**
 * Polls `read` until `predicate` holds, or fails after `timeoutMs`. A read
 * that throws is tried again at the next poll: in this test runtime a test's
 * Postgres client now and then receives a reply meant for an object's client
 * running at the same moment ("bind message supplies 1 parameters, but
 * prepared statement "" requires 36"), which says nothing about the code under test.
 */
export async function eventually<T>(read: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let outcome: { value: T } | { error: unknown };
    try {
      outcome = { value: await read() };
    } catch (error) {
      outcome = { error };
    }
    if ("value" in outcome && predicate(outcome.value)) return outcome.value;
    if (Date.now() > deadline) {
      if ("error" in outcome) throw outcome.error;
      throw new Error(`never matched: ${JSON.stringify(outcome.value).slice(0, 2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The message a call fails with, or "did not fail": an RPC's rejection awaited in place, so none goes unhandled. */
export async function failureOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return "did not fail";
}
