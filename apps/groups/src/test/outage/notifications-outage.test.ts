import { signSession } from "@repo/auth";
import { isNotificationFrame, type NotificationFrame, ServerFrame } from "@repo/notifications";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestHarness, type TestHarness } from "wrangler";
import { z } from "zod";
import { Group, Invitation, JoinRequest } from "../../model";
import { TEST_SESSION_SECRET } from "../constants";

const root = new URL("../../../", import.meta.url).pathname;

const groupsWorker = {
  configPath: "./wrangler.jsonc",
  secrets: { SESSION_SECRET: TEST_SESSION_SECRET },
  vars: { ENVIRONMENT: "test", OUTBOX_BASE_DELAY_MS: "100", OUTBOX_MAX_DELAY_MS: "400" },
};

/**
 * The notifications worker as built for deploy. `broken` redeploys it with a
 * configuration its Durable Object refuses to start with: every call through
 * the binding then fails in the runtime, as in a bad deploy, until the next
 * good deploy. Rounds are slowed so no retry round muddles the counts.
 */
function notificationsWorker(broken: boolean) {
  return {
    configPath: "../notifications/wrangler.jsonc",
    prebuiltWorkerDir: "../notifications/dist",
    secrets: { SESSION_SECRET: TEST_SESSION_SECRET, ADMIN_TOKEN: "test-admin-token-at-least-24-bytes" },
    vars: { ENVIRONMENT: "test", ACK_TIMEOUT_MS: broken ? "not-a-number" : "60000", OUTBOX_FLUSH_DELAY_MS: "600000" },
  };
}

let server: TestHarness;

beforeAll(async () => {
  server = createTestHarness({ root, workers: [groupsWorker, notificationsWorker(true)] });
  await server.listen();
});

afterAll(async () => {
  await server?.close();
});

type User = { id: string; name: string; token: string };

async function signIn(label: string): Promise<User> {
  const id = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  return { id, name, token: await signSession(TEST_SESSION_SECRET, { userId: id, name }) };
}

async function api<T>(schema: z.ZodType<T>, user: User, method: string, path: string, body?: unknown) {
  const started = Date.now();
  const response = await server.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json: unknown = await response.json();
  expect(response.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
  return { value: schema.parse(json), ms: Date.now() - started };
}

async function rows(worker: "groups" | "notifications", className: string, name: string, query: string) {
  const storage = await server.getWorker(worker).getDurableObjectStorage(className, { name });
  return storage.exec(query);
}

/** Notification frames a socket of `user` receives, straight from the notifications worker. */
async function connect(user: User): Promise<NotificationFrame[]> {
  const response = await server.getWorker("notifications").fetch("http://notifications.test/ws/notifications", {
    headers: { Upgrade: "websocket", Authorization: `Bearer ${user.token}` },
  });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket) throw new Error(`upgrade failed: ${response.status}`);
  socket.accept();
  const frames: NotificationFrame[] = [];
  socket.addEventListener("message", (event) => {
    const frame = ServerFrame.safeParse(JSON.parse(String(event.data)));
    if (frame.success && isNotificationFrame(frame.data)) frames.push(frame.data);
  });
  return frames;
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const Count = z.array(z.object({ n: z.number() }));

describe("a notifications outage", () => {
  it("neither fails nor delays group actions, and once notifications are back every notification arrives exactly once", async () => {
    const [alice, bob, carol] = await Promise.all([signIn("alice"), signIn("bob"), signIn("carol")]);

    // While the notifications object cannot start, the group flows all go through.
    const group = (await api(Group, alice, "POST", "/api/groups", { name: "Rocket Club" })).value;
    const invited = await api(Invitation, alice, "POST", `/api/groups/${group.id}/invitations`, { userId: bob.id });
    const accepted = await api(Invitation, bob, "POST", `/api/invitations/${invited.value.id}/accept`);
    const granted = await api(Group, alice, "PUT", `/api/groups/${group.id}/admins/${bob.id}`);
    const requested = await api(JoinRequest, carol, "POST", `/api/groups/${group.id}/join-requests`, {});
    for (const call of [invited, accepted, granted, requested]) expect(call.ms).toBeLessThan(1_000);

    const waiting = () =>
      rows("groups", "GroupsDO", group.id, "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'notification'");
    await eventually(
      async () => {
        const failed = await rows(
          "groups",
          "GroupsDO",
          group.id,
          // Past the attempts a permanent refusal gets: an unreachable receiver is never dead-lettered.
          "SELECT COUNT(*) AS n FROM outbox WHERE attempts >= 4",
        );
        return (Count.parse(failed)[0]?.n ?? 0) > 0;
      },
      5_000,
      "deliveries to fail and be retried",
    );
    expect(Count.parse(await waiting())[0]?.n).toBe(6);

    await server.update({ root, workers: [groupsWorker, notificationsWorker(false)] });
    const bobFrames = await connect(bob);
    await eventually(async () => Count.parse(await waiting())[0]?.n === 0, 10_000, "the outbox to drain");

    const kept = async (user: User) =>
      (await rows("notifications", "NotificationsDO", user.id, "SELECT type FROM notifications ORDER BY seq")).map(
        (row) => row.type,
      );
    expect(await kept(bob)).toEqual(["group.invitation.received", "group.admin.granted", "group.join_request.created"]);
    expect(await kept(alice)).toEqual([
      "group.invitation.accepted",
      "group.member.joined",
      "group.join_request.created",
    ]);
    expect(await kept(carol)).toEqual([]);
    const deadLetters = await rows("groups", "GroupsDO", group.id, "SELECT COUNT(*) AS n FROM outbox_dead_letter");
    expect(Count.parse(deadLetters)[0]?.n).toBe(0);

    // Bob's socket gets each notification that needs his acknowledgment once, whether it
    // was published before he connected (sent on connect) or after (sent live).
    await eventually(async () => bobFrames.filter((frame) => frame.requiresAck).length >= 2, 5_000, "bob's frames");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ids = bobFrames.map((frame) => frame.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(bobFrames.filter((frame) => frame.requiresAck).map((frame) => frame.type)).toEqual([
      "group.invitation.received",
      "group.admin.granted",
    ]);
    expect(bobFrames[0]?.data).toMatchObject({ invitationId: invited.value.id, inviterName: "Alice" });
  });
});
