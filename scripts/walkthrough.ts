// `pnpm walkthrough`: against a running `just dev`, the README's first-five-minutes story as a script:
// two sockets for one user, an announcement that needs an ack, its rounds at 0 s, 5 s and 10 s, the ack,
// and the acknowledged row in Postgres.
import { signSession } from "@repo/auth";
import { NotificationFrame } from "@repo/notifications";
import postgres from "postgres";
import { announce } from "./lib/admin.ts";
import { devSettings, EMBEDDED_PORT } from "./lib/config.ts";
import { openNotificationsSocket } from "./lib/socket.ts";

const settings = devSettings();
const user = `walkthrough-${Date.now()}`;
const token = await signSession(settings.SESSION_SECRET, { userId: user, name: "Walkthrough" });
const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

async function open(tab: string): Promise<WebSocket> {
  const socket = await openNotificationsSocket(token);
  socket.addEventListener("message", (event) => {
    const frame = NotificationFrame.safeParse(JSON.parse(String(event.data)));
    if (frame.success)
      console.log(`${at()}  ${tab} received seq ${frame.data.seq} ${frame.data.type} (${frame.data.id})`);
  });
  return socket;
}

const tabs = [await open("tab 1"), await open("tab 2")];
const { published } = await announce(
  [user],
  { title: "Maintenance tonight", body: "We restart at 22:00 UTC.", severity: "warning" },
  true,
);
const id = published[0]?.id;
console.log(`${at()}  published ${id}`);

await new Promise((resolve) => setTimeout(resolve, 11_000));
tabs[1]?.send(JSON.stringify({ type: "ack", notificationId: id }));
console.log(`${at()}  tab 2 acked`);
await new Promise((resolve) => setTimeout(resolve, 3_000));

const databaseUrl = process.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/postgres`;
const sql = postgres(databaseUrl, { max: 1 });
const rows =
  await sql`select status, acknowledged, retry_count, sent_at, acknowledged_at, last_retry_at from notification_log where id = ${id ?? ""}`;
console.log(`${at()}  Postgres:`, rows[0]);
await sql.end();
for (const tab of tabs) tab.close();
