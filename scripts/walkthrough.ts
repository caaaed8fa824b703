// `pnpm walkthrough`: against a running `just dev`, the README's first-five-minutes story as a script:
// two sockets for one user, an announcement that needs an ack, its rounds at 0 s, 5 s and 10 s, the ack,
// and the acknowledged row in Postgres.
import { signSession } from "@repo/auth";
import { NotificationFrame } from "@repo/notifications";
import postgres from "postgres";
import { announce, NOTIFICATIONS_URL } from "./lib/admin.ts";
import { devSettings } from "./lib/config.ts";
import { connectWithToken } from "./lib/socket.ts";

const BASE = NOTIFICATIONS_URL;
const settings = devSettings();
const user = `walkthrough-${Date.now()}`;
const token = await signSession(settings.SESSION_SECRET, { userId: user, name: "Walkthrough" });
const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function open(tab: string): Promise<WebSocket> {
  const socket = connectWithToken(`${BASE.replace(/^http/, "ws")}/ws/notifications`, token);
  socket.addEventListener("message", (event) => {
    const frame = NotificationFrame.safeParse(JSON.parse(String(event.data)));
    if (frame.success)
      console.log(`${at()}  ${tab} received seq ${frame.data.seq} ${frame.data.type} (${frame.data.id})`);
  });
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve(socket));
    socket.addEventListener("error", () => reject(new Error(`${tab} could not connect`)));
  });
}

const tabs = [await open("tab 1"), await open("tab 2")];
const response = await announce(
  [user],
  { title: "Maintenance tonight", body: "We restart at 22:00 UTC.", severity: "warning" },
  true,
);
const body = (await response.json()) as { published: { id: string; seq: number }[] };
const id = body.published[0]?.id;
console.log(`${at()}  published ${id} (HTTP ${response.status})`);

await new Promise((resolve) => setTimeout(resolve, 11_000));
tabs[1]?.send(JSON.stringify({ type: "ack", notificationId: id }));
console.log(`${at()}  tab 2 acked`);
await new Promise((resolve) => setTimeout(resolve, 3_000));

const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5433/postgres";
const sql = postgres(databaseUrl, { max: 1 });
const rows =
  await sql`select status, acknowledged, retry_count, sent_at, acknowledged_at, last_retry_at from notification_log where id = ${id ?? ""}`;
console.log(`${at()}  Postgres:`, rows[0]);
await sql.end();
for (const tab of tabs) tab.close();
