// `pnpm bench:fanout`: against a running `just dev`, how the time from publish to the last of a user's
// sockets receiving it grows with the number of sockets (tabs). Baseline: one socket, same process.
import { signSession } from "@repo/auth";
import { NotificationFrame } from "@repo/notifications";
import { announce } from "./lib/admin.ts";
import { devSettings } from "./lib/config.ts";
import { openNotificationsSocket } from "./lib/socket.ts";

const settings = devSettings();
const samples = Number(process.argv[2] ?? 50);

async function measure(socketCount: number): Promise<number[]> {
  const user = `fanout-${socketCount}-${Date.now()}`;
  const token = await signSession(settings.SESSION_SECRET, { userId: user, name: "Bench" });
  const sockets = await Promise.all(Array.from({ length: socketCount }, () => openNotificationsSocket(token)));
  const waiting = new Map<string, { left: number; done: () => void }>();
  for (const socket of sockets) {
    socket.addEventListener("message", (event) => {
      const frame = NotificationFrame.safeParse(JSON.parse(String(event.data)));
      if (!frame.success || frame.data.type !== "system.announcement") return;
      const entry = waiting.get(frame.data.data.title);
      if (entry && --entry.left === 0) entry.done();
    });
  }
  const times: number[] = [];
  for (let i = -5; i < samples; i++) {
    const title = `fanout ${i}`;
    const start = performance.now();
    const all = new Promise<void>((done) => waiting.set(title, { left: socketCount, done }));
    await announce([user], { title, body: "b", severity: "info" });
    await all;
    if (i >= 0) times.push(performance.now() - start);
  }
  for (const socket of sockets) socket.close();
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const baseline = median(await measure(1));
console.log(`sockets   median publish-to-last-socket   ratio to 1 socket   (${samples} samples each)`);
console.log(`${"1".padStart(7)}   ${baseline.toFixed(2).padStart(10)} ms${"1.00x".padStart(26)}`);
for (const count of [10, 50, 100]) {
  const value = median(await measure(count));
  console.log(
    `${String(count).padStart(7)}   ${value.toFixed(2).padStart(10)} ms${`${(value / baseline).toFixed(2)}x`.padStart(26)}`,
  );
}
