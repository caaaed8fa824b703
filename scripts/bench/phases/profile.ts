import { writeFileSync } from "node:fs";
import { CpuProfile, openInspector, type ProfileSummary, summariseProfile } from "../cpu-profile.ts";
import type { ProfileResult } from "../results.ts";
import type { Target } from "../target.ts";
import { measureThroughput } from "./throughput.ts";

/**
 * The steps of a publish whose inclusive time is reported (functions of the worker's bundle, as
 * wrangler builds it unminified). The worker's side first, then the object's; a name that never
 * shows up is left out of the report.
 */
export const PUBLISH_STEPS = [
  // the worker: the HTTP request to the RPC call
  "dispatch",
  "requireSecrets",
  "requireAdmin",
  "constantTimeEqual",
  "publishAnnouncement",
  "settleWithConcurrency",
  // the object
  "publishNotification",
  "rememberUser",
  "insert",
  "capPending",
  "boundOutbox",
  "sendNotification",
  "byProtocol",
  "attachmentOf",
  "frameText",
  "frameOf",
  "buildAuditRow",
  "scheduleAlarm",
  "nextFlushAt",
  "nextWorkAt",
  "nextAttemptAt",
  "log",
  "recordEvent",
  "safeParse",
  // the bare worker
  "fetch",
  "publish",
] as const;

/**
 * The throughput series at `concurrency` with the worker's CPU profiled through its inspector (the
 * DevTools protocol, sampling every 500 µs): throughput under a profiler is lower than without,
 * so the figures to quote are the throughput phase's; this one says where the time goes. Writes
 * the profile to `file` (open it in Chrome's DevTools, Performance tab).
 */
export async function profileThroughput(
  target: Target,
  inspectorPort: number,
  concurrency: number,
  seconds: number,
  runId: string,
  file: string,
): Promise<ProfileResult> {
  const inspector = await openInspector(inspectorPort);
  try {
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 500 });
    await inspector.send("Profiler.start");
    const throughput = await measureThroughput(target, concurrency, false, seconds, `${runId}-prof`);
    const stopped = await inspector.send("Profiler.stop");
    const profile = CpuProfile.parse((stopped as { profile: unknown }).profile);
    writeFileSync(file, JSON.stringify(profile));
    const summary: ProfileSummary = summariseProfile(profile, PUBLISH_STEPS);
    return {
      phase: "profile",
      worker: target.worker,
      via: target.via,
      concurrency,
      publishes: throughput.publishes,
      perSecond: throughput.perSecond,
      busyUsPerPublish: summary.busyUs / Math.max(1, throughput.publishes),
      idleUs: summary.idleUs,
      steps: summary.inclusive
        .filter((step) => step.us > 0)
        .map((step) => ({ name: step.name, usPerPublish: step.us / Math.max(1, throughput.publishes) })),
      self: summary.self.map((entry) => ({ ...entry, usPerPublish: entry.us / Math.max(1, throughput.publishes) })),
      file,
    };
  } finally {
    await inspector.send("Profiler.disable").catch(() => undefined);
    inspector.close();
  }
}
