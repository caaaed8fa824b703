// `pnpm bench [--quick]` / `just bench`: the notifications worker against a bare hibernating Durable Object,
// side by side under wrangler dev, straight to each workerd and through wrangler's proxy. Prints a line per
// phase and the side-by-side table, appends raw results to .data/bench/results.jsonl and writes
// docs/BENCHMARKS.md with its charts (--quick: .data/bench/quick-report/). Not a test: nothing here passes or fails on a figure.
import { loadavg } from "node:os";
import { ensureOpenFiles } from "./fd-limit.ts";
import { describeMachine } from "./machine.ts";
import { readOptions } from "./options.ts";
import { LATENCY_SHAPES, measureLatency } from "./phases/latency.ts";
import { measureMemory } from "./phases/memory.ts";
import { profileThroughput } from "./phases/profile.ts";
import { measureStorm } from "./phases/storm.ts";
import { measureThroughput } from "./phases/throughput.ts";
import { printProfiles } from "./profile-table.ts";
import { reportDir, writeReport } from "./report.ts";
import { appendResults, type BenchResult } from "./results.ts";
import { BENCH_DIR, startBenchStack } from "./stack.ts";
import { sideBySide } from "./summary.ts";
import { type Target, targetOf, type Via } from "./target.ts";
import { countEvents } from "./worker-log.ts";
import type { BenchWorker } from "./workers.ts";

const log = (line: string) => console.log(`[bench] ${line}`);
const options = readOptions(process.argv.slice(2));
const largestMemory = Math.max(0, ...options.memory.sockets);
// Per socket: one descriptor here, one in workerd, and room for the objects' storage.
ensureOpenFiles(3 * Math.max(largestMemory, options.storm.users * options.storm.socketsPerUser) + 2_048, log);

const startedAt = new Date();
const runId = `b${startedAt.getTime().toString(36)}`;
const command = `pnpm bench${process.argv.slice(2).length > 0 ? ` ${process.argv.slice(2).join(" ")}` : ""}`;
const loadBefore = loadavg()[0] ?? 0;
log(`run ${runId}: starting the bare worker and the notifications worker under wrangler dev…`);
const startup = performance.now();
const stack = await startBenchStack(options, log);
log(`both workers answer after ${((performance.now() - startup) / 1000).toFixed(0)} s`);
const stopOnSignal = () => void stack.stop().then(() => process.exit(130));
process.on("SIGINT", stopOnSignal);
process.on("SIGTERM", stopOnSignal);
const located = (worker: BenchWorker) =>
  `${worker.name}: proxy ${worker.proxyUrl}, workerd ${worker.innerUrl} (pid ${worker.innerPid})`;
log(located(stack.worker("bare")));
log(located(stack.worker("ours")));
const machine = describeMachine(stack.worker("ours").innerPid);

const results: BenchResult[] = [];
const targets = (via: Via): [Target, Target] => [
  targetOf(stack.worker("bare"), via),
  targetOf(stack.worker("ours"), via),
];
const vias: Via[] = ["direct", "proxy"];
const phaseStart = performance.now();
const took = () => `${((performance.now() - phaseStart) / 1000).toFixed(0)} s`;

try {
  if (options.phases.includes("memory")) {
    for (const count of options.memory.sockets) {
      for (const name of ["bare", "ours"] as const) {
        // A fresh workerd and empty state each time: memory a process once took is not given back, and an
        // earlier count's objects would wake up (alarms) in the middle of the next.
        const worker = await stack.restart(name, true);
        const result = await measureMemory(
          targetOf(worker, "direct"),
          worker.innerPid,
          count,
          options.memory.hibernationWaitSeconds,
          runId,
        );
        results.push(result);
        log(
          `memory  ${worker.name.padEnd(4)} ${count} sockets: ${(result.perSocketBytes / 1024).toFixed(1)} KB/socket, ${result.open} open, ${result.ponged} ponged [${took()}]`,
        );
      }
    }
    // Thousands of objects just lost their sockets: their wake-ups (close events, alarms, audit and
    // connection-log writes) are the memory phase's aftermath, not part of what the next phases measure.
    for (const name of ["bare", "ours"] as const) await stack.restart(name, true);
  }
  if (options.phases.includes("latency")) {
    for (const via of vias) {
      const [bare, ours] = targets(via);
      for (const shape of LATENCY_SHAPES) {
        for (const [target, acks] of [
          [bare, false],
          [ours, false],
          [ours, true],
        ] as const) {
          const result = await measureLatency(
            target,
            shape,
            acks,
            options.latency.samples,
            options.latency.warmup,
            runId,
          );
          results.push(result);
          const { p50, p99, max } = result.summary;
          log(
            `latency ${target.worker.padEnd(4)} ${via.padEnd(6)} ${shape.padEnd(5)} ${acks ? "acks   " : "no acks"}: p50 ${p50.toFixed(2)} p99 ${p99.toFixed(2)} max ${max.toFixed(2)} ms${result.timedOut > 0 ? `, ${result.timedOut} timed out` : ""} [${took()}]`,
          );
        }
      }
    }
  }
  if (options.phases.includes("throughput")) {
    for (const via of vias) {
      const [bare, ours] = targets(via);
      const series: [Target, number, boolean][] = [
        ...options.throughput.concurrency.flatMap((n): [Target, number, boolean][] => [
          [bare, n, false],
          [ours, n, false],
        ]),
        [ours, options.throughput.concurrency[0] ?? 16, true],
      ];
      for (const [target, concurrency, acks] of series) {
        const result = await measureThroughput(target, concurrency, acks, options.throughput.seconds, runId);
        results.push(result);
        log(
          `tput    ${target.worker.padEnd(4)} ${via.padEnd(6)} ${String(concurrency).padStart(2)} concurrent ${acks ? "acks   " : "no acks"}: ${Math.round(result.perSecond)}/s, ${result.framesReceived}/${result.publishes} frames, ${result.errors} errors [${took()}]`,
        );
      }
    }
  }
  if (options.phases.includes("storm")) {
    for (const target of targets("direct")) {
      const result = await measureStorm(target, options.storm.users, options.storm.socketsPerUser, runId);
      results.push(result);
      log(
        `storm   ${target.worker.padEnd(4)} ${result.sockets} sockets: all back in ${(result.allBackMs / 1000).toFixed(2)} s (${result.back} back, ${result.connectAttempts} attempts), ${result.published} published, ${result.lost} lost, ${result.duplicated} duplicated [${took()}]`,
      );
    }
  }
  if (options.phases.includes("profile")) {
    // wrangler dev's proxy keeps every connection it relayed in CLOSE-WAIT: after the phases through it,
    // its workerd is out of file descriptors (20,000) and the inspector behind it stops answering.
    if (options.phases.some((phase) => phase !== "profile")) {
      for (const name of ["bare", "ours"] as const) await stack.restart(name, true);
    }
    const concurrency = options.throughput.concurrency[0] ?? 16;
    for (const target of targets("direct")) {
      const inspectorPort = target.worker === "bare" ? options.ports.bareInspector : options.ports.oursInspector;
      const file = `${BENCH_DIR}/${runId}-${target.worker}.cpuprofile`;
      const result = await profileThroughput(
        target,
        inspectorPort,
        concurrency,
        options.throughput.seconds,
        runId,
        file,
      ).catch((error: unknown) => {
        // A profile that could not be taken loses nothing else the run measured.
        log(`profile ${target.worker}: not taken (${error instanceof Error ? error.message : String(error)})`);
        return null;
      });
      if (result === null) continue;
      results.push(result);
      log(
        `profile ${target.worker.padEnd(4)} ${concurrency} concurrent: ${Math.round(result.perSecond)}/s under the profiler, ${result.busyUsPerPublish.toFixed(0)} µs busy per publish; ${file} [${took()}]`,
      );
    }
  }
} finally {
  await stack.stop();
}

const loadAfter = loadavg()[0] ?? 0;
const oursLog = `${BENCH_DIR}/ours.log`;
const database = {
  kind: process.env.DATABASE_URL ? "the server at DATABASE_URL" : "embedded (@repo/postgres-local)",
  flushes: countEvents(oursLog, "audit_flush"),
  failedFlushes: countEvents(oursLog, "audit_flush_failed"),
};
appendResults(`${BENCH_DIR}/results.jsonl`, { id: runId, quick: options.quick }, results);
for (const via of vias) {
  const rows = sideBySide(results, via);
  if (rows.length === 0) continue;
  console.log(`\n${via === "direct" ? "straight to workerd" : "through wrangler dev's proxy"}`);
  const width = Math.max(...rows.map((row) => row.measure.length));
  console.log(`${"".padEnd(width)}  ${"bare".padStart(9)}  ${"ours".padStart(9)}  ${"ratio".padStart(7)}`);
  for (const row of rows) {
    console.log(
      `${row.measure.padEnd(width)}  ${row.bare.padStart(9)}  ${row.ours.padStart(9)}  ${row.ratio.padStart(7)}`,
    );
  }
}
printProfiles(results);
// A profile-only run measured nothing side by side: the report of the last full run stays.
if (results.every((result) => result.phase === "profile")) process.exit(0);
const reportFile = await writeReport(
  reportDir(options.quick),
  {
    id: runId,
    startedAt,
    command,
    machine,
    options,
    database,
    note: `${options.note ? `${options.note} ` : ""}Load average (1 min) ${loadBefore.toFixed(2)} before the run and ${loadAfter.toFixed(2)} after, on ${machine.cores} cores: other work on the machine moves these figures.`,
  },
  results,
);
log(`wrote ${reportFile} and its charts; raw results appended to .data/bench/results.jsonl`);
