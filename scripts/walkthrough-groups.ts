// `pnpm walkthrough:groups`: against a running `just dev`, alice creates a group and invites bob, bob accepts;
// each socket must see exactly its events. Then alice invites bob to a second group while the
// notifications worker is stopped (through `just dev`'s SIGUSR1/SIGUSR2): bob still gets it, once.
import { readFileSync } from "node:fs";
import { signSession } from "@repo/auth";
import { isNotificationFrame, type NotificationFrame, ServerFrame } from "@repo/notifications";
import { z } from "zod";
import { NOTIFICATIONS_URL } from "./lib/admin.ts";
import { DEV_PID_FILE, devSettings } from "./lib/config.ts";
import { openNotificationsSocket } from "./lib/socket.ts";

const GROUPS = "http://127.0.0.1:8788";
const run = Date.now().toString(36);
const secret = devSettings().SESSION_SECRET;
const started = Date.now();
const say = (line: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${line}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function person(name: string) {
  const id = `${name.toLowerCase()}-${run}`;
  const token = await signSession(secret, { userId: id, name });
  const socket = await openNotificationsSocket(token);
  const received: NotificationFrame[] = [];
  socket.addEventListener("message", (event) => {
    const frame = ServerFrame.safeParse(JSON.parse(String(event.data)));
    if (!frame.success || !isNotificationFrame(frame.data)) return;
    received.push(frame.data);
    say(`${name} received ${frame.data.type} (seq ${frame.data.seq})`);
    if (frame.data.requiresAck) socket.send(JSON.stringify({ type: "ack", notificationId: frame.data.id }));
  });
  return { id, name, token, socket, received };
}

async function api(token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${GROUPS}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return z.object({ id: z.string() }).parse(json);
}

function distinctTypes(frames: NotificationFrame[]) {
  return [...new Map(frames.map((frame) => [frame.id, frame.type])).values()];
}

function check(what: string, actual: unknown, expected: unknown) {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  say(`${ok ? "ok  " : "FAIL"} ${what}: ${JSON.stringify(actual)}`);
  if (!ok) process.exitCode = 1;
}

const alice = await person("Alice");
const bob = await person("Bob");
const group = await api(alice.token, "POST", "/api/groups", { name: "Rocket Club" });
say(`alice created ${group.id}`);
const invitation = await api(alice.token, "POST", `/api/groups/${group.id}/invitations`, { userId: bob.id });
say("alice invited bob");
await pause(500);
await api(bob.token, "POST", `/api/invitations/${invitation.id}/accept`);
say("bob accepted");
await pause(1_000);
check("bob's socket", distinctTypes(bob.received), ["group.invitation.received"]);
check("alice's socket", distinctTypes(alice.received), ["group.invitation.accepted", "group.member.joined"]);

const devPid = Number(readFileSync(DEV_PID_FILE, "utf8"));
const second = await api(alice.token, "POST", "/api/groups", { name: "Moon Club" });
say("stopping the notifications worker");
process.kill(devPid, "SIGUSR1");
await pause(3_000);
const invitedAt = Date.now();
await api(alice.token, "POST", `/api/groups/${second.id}/invitations`, { userId: bob.id });
say(`alice invited bob to Moon Club while notifications was down (answered in ${Date.now() - invitedAt} ms)`);
bob.socket.close();
process.kill(devPid, "SIGUSR2");
say("starting the notifications worker again");
for (let i = 0; i < 60; i++) {
  await pause(1_000);
  const up = await fetch(`${NOTIFICATIONS_URL}/health`).then(
    (response) => response.ok,
    () => false,
  );
  if (up) break;
}
const bobAgain = await person("Bob");
say("bob reconnected");
await pause(8_000);
const moon = bobAgain.received.filter((frame) => "groupId" in frame.data && frame.data.groupId === second.id);
check("bob's Moon Club notifications, by id", distinctTypes(moon), ["group.invitation.received"]);
for (const socket of [alice.socket, bobAgain.socket]) socket.close();
