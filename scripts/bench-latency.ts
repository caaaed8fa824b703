// `pnpm bench:latency [n]`: against a running `just dev`, the publish-to-receive latency on loopback.
// Each sample is POST /admin/notifications until the frame arrives on the user's socket; the baseline,
// in the same process, is a GET /health round trip to the same worker.
import { signSession } from "@repo/auth";
import { NotificationFrame } from "@repo/notifications";
import { announce, NOTIFICATIONS_URL } from "./lib/admin.ts";
import { devSettings } from "./lib/config.ts";
import { openNotificationsSocket } from "./lib/socket.ts";

const samples = Number(process.argv[2] ?? 100);
const settings = devSettings();
const user = `bench-${Date.now()}`;
const socket = await openNotificationsSocket(
  await signSession(settings.SESSION_SECRET, { userId: user, name: "Bench" }),
);

const waiting = new Map<string, () => void>();
socket.addEventListener("message", (event) => {
  const frame = NotificationFrame.safeParse(JSON.parse(String(event.data)));
  if (frame.success && frame.data.type === "system.announcement") waiting.get(frame.data.data.title)?.();
});

async function publishAndReceive(i: number): Promise<number> {
  const title = `bench ${i}`;
  const start = performance.now();
  const received = new Promise<void>((resolve) => waiting.set(title, resolve));
  await announce([user], { title, body: "b", severity: "info" });
  await received;
  return performance.now() - start;
}

async function health(): Promise<number> {
  const start = performance.now();
  await (await fetch(`${NOTIFICATIONS_URL}/health`)).arrayBuffer();
  return performance.now() - start;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)] ?? Number.NaN;

for (let i = 0; i < 10; i++) await publishAndReceive(-i - 1); // warm-up, not counted
const latencies: number[] = [];
const baselines: number[] = [];
for (let i = 0; i < samples; i++) {
  baselines.push(await health());
  latencies.push(await publishAndReceive(i));
}
socket.close();
console.log(
  `publish-to-receive over ${samples} samples: median ${median(latencies).toFixed(2)} ms, p90 ${p90(latencies).toFixed(2)} ms`,
);
console.log(
  `baseline GET /health round trip:  median ${median(baselines).toFixed(2)} ms, p90 ${p90(baselines).toFixed(2)} ms`,
);
console.log(
  `ratio (median publish-to-receive / median health): ${(median(latencies) / median(baselines)).toFixed(2)}x`,
);
