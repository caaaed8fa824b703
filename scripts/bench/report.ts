import { mkdirSync, writeFileSync } from "node:fs";
import { ROOT } from "../lib/config.ts";
import { drawCharts } from "./charts.ts";
import type { Machine } from "./machine.ts";
import type { BenchOptions } from "./options.ts";
import type { BenchResult, LatencyResult, MemoryResult, StormResult, ThroughputResult } from "./results.ts";
import { type Row, SHAPE_NAMES, sideBySide } from "./summary.ts";

/**
 * Where the report goes: docs/ for a full run, and a git-ignored copy for a quick one, whose
 * smoke-run figures must not replace the committed ones. Charts go to bench/ beside the file.
 */
export function reportDir(quick: boolean): string {
  return quick ? `${ROOT}.data/bench/quick-report` : `${ROOT}docs`;
}

export interface RunInfo {
  id: string;
  startedAt: Date;
  command: string;
  machine: Machine;
  options: BenchOptions;
  /** The harness's own words about this run's conditions (e.g. a busy machine), shown at the top. */
  note: string | null;
  /** Which Postgres the notifications worker wrote its audit log to, and how its flushes went. */
  database: { kind: string; flushes: number; failedFlushes: number };
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export function sideBySideTable(rows: Row[]): string {
  return markdownTable(
    ["", "bare DO", "this project", "ratio"],
    rows.map((row) => [row.measure, row.bare, row.ours, row.ratio]),
  );
}

const ms = (value: number) => value.toFixed(2);

function details(results: BenchResult[]): string {
  const latency = results.filter((r): r is LatencyResult => r.phase === "latency");
  const throughput = results.filter((r): r is ThroughputResult => r.phase === "throughput");
  const memory = results.filter((r): r is MemoryResult => r.phase === "memory");
  const storm = results.filter((r): r is StormResult => r.phase === "storm");
  const parts: string[] = [];
  if (latency.length > 0) {
    parts.push(
      "### Latency, every series (ms)",
      markdownTable(
        ["worker", "via", "shape", "acks", "n", "p50", "p90", "p99", "max", "mean", "timed out"],
        latency.map((r) => [
          r.worker,
          r.via,
          SHAPE_NAMES[r.shape],
          r.acks ? "yes" : "no",
          String(r.summary.n),
          ms(r.summary.p50),
          ms(r.summary.p90),
          ms(r.summary.p99),
          ms(r.summary.max),
          ms(r.summary.mean),
          String(r.timedOut),
        ]),
      ),
    );
  }
  if (throughput.length > 0) {
    parts.push(
      "### Throughput into one object",
      markdownTable(
        ["worker", "via", "concurrent", "acks", "seconds", "publishes", "per second", "frames received", "errors"],
        throughput.map((r) => [
          r.worker,
          r.via,
          String(r.concurrency),
          r.acks ? "yes" : "no",
          r.seconds.toFixed(1),
          String(r.publishes),
          String(Math.round(r.perSecond)),
          String(r.framesReceived),
          String(r.errors),
        ]),
      ),
    );
  }
  if (memory.length > 0) {
    const mib = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
    parts.push(
      "### Memory (the worker's workerd process)",
      markdownTable(
        [
          "worker",
          "sockets",
          "waited (s)",
          "RSS before (MiB)",
          "RSS after (MiB)",
          "per socket (KB)",
          "still open",
          "answered a ping",
        ],
        memory.map((r) => [
          r.worker,
          String(r.sockets),
          String(r.waitedSeconds),
          mib(r.rssBeforeBytes),
          mib(r.rssAfterBytes),
          (r.perSocketBytes / 1024).toFixed(1),
          String(r.open),
          String(r.ponged),
        ]),
      ),
    );
  }
  if (storm.length > 0) {
    parts.push(
      "### Reconnect storm",
      markdownTable(
        [
          "worker",
          "users",
          "sockets",
          "all back (s)",
          "back",
          "connect attempts",
          "published meanwhile",
          "lost",
          "duplicated",
        ],
        storm.map((r) => [
          r.worker,
          String(r.users),
          String(r.sockets),
          (r.allBackMs / 1000).toFixed(2),
          String(r.back),
          String(r.connectAttempts),
          r.worker === "bare" ? "—" : String(r.published),
          r.worker === "bare" ? "—" : String(r.lost),
          r.worker === "bare" ? "—" : String(r.duplicated),
        ]),
      ),
    );
  }
  return parts.join("\n\n");
}

/** Writes BENCHMARKS.md and its charts (bench/*.svg) into `dir` from one run's results; answers the file. */
export async function writeReport(dir: string, run: RunInfo, results: BenchResult[]): Promise<string> {
  mkdirSync(`${dir}/bench`, { recursive: true });
  const charts = await drawCharts(results, `${dir}/bench`);
  const { machine, options } = run;
  const direct = sideBySide(results, "direct");
  const proxy = sideBySide(results, "proxy");
  const text = `# Benchmarks: the notifications object against a bare Durable Object

Generated by \`${run.command}\` on ${run.startedAt.toISOString()} (run \`${run.id}\`${options.quick ? ", **quick: smoke-run sizes, not figures to quote**" : ""}). Do not edit by hand: run the command again.
${run.note ? `\n> ${run.note}\n` : ""}
Each figure is measured in the same run against a **bare reference worker** (\`bench/bare\`): a Durable Object per user that accepts hibernatable sockets with the same ping auto-response and sends a published frame to every socket — no storage, no validation, no logs. Both workers run side by side under the project's own \`wrangler dev\`; the notifications worker as \`npm start\` runs it, with Postgres. Both are published to the same way: \`POST /admin/notifications\` on the worker, which calls each user's object by RPC. The ratio is this project ÷ bare (for throughput, lower is worse).

**Straight to workerd** means the client talks to the port of the workerd process that runs the worker, found from the process's listening sockets (\`/proc\`), skipping the proxy \`wrangler dev\` puts in front of it; **through wrangler dev** goes through that proxy, as a browser on \`npm start\` does.

## Machine and versions

| | |
|---|---|
| CPU | ${machine.cpuModel}, ${machine.cores} cores |
| memory | ${machine.memoryGiB} GiB |
| Node | ${machine.node} |
| wrangler | ${machine.wrangler} |
| workerd | ${machine.workerd} |
| Postgres | ${run.database.kind}; audit flushes during the run: ${run.database.flushes} succeeded, ${run.database.failedFlushes} failed and were retried |
| wrangler dev's local trace collector | ${options.localObservability ? "on (`BENCH_LOCAL_OBSERVABILITY=true`): every storage call of both workers also writes a span to a SQLite trace store in the same workerd" : "off for both workers (`X_LOCAL_OBSERVABILITY=false`): production has no in-process trace store; `BENCH_LOCAL_OBSERVABILITY=true` keeps it"} |
| sizes | latency ${options.latency.samples} samples per series after a warm-up; throughput ${options.throughput.seconds} s per series; memory ${options.memory.sockets.join(", ")} sockets, ${options.memory.hibernationWaitSeconds} s idle; storm ${options.storm.users} users × ${options.storm.socketsPerUser} sockets |

## Straight to workerd

${sideBySideTable(direct)}

## Through wrangler dev's proxy

${proxy.length > 0 ? sideBySideTable(proxy) : "Not measured in this run."}

## Charts

${charts.map((chart) => `![${chart.title}](bench/${chart.file})`).join("\n\n")}

## Every series

${details(results)}

## How each phase measures

- **Memory**: RSS (\`VmRSS\`) of the worker's workerd process before and after N users open one socket each straight to workerd and stay idle past hibernation; per socket = the difference ÷ N. Before the first reading one socket is opened and closed (what a worker loads and compiles once per process is not a cost per socket), and each reading follows the same 1 s settle in both workers (workerd's inspector does not answer a forced collection, so none is forced). Then every socket is pinged: the runtime's auto-response answers without waking an object, so a pong from each shows every socket was held.
- **Latency**: one publish at a time, the time from sending the request to the frame arriving on the last of the recipient's sockets; with 100 users, each publish goes to the next user in turn. With acks, the notification needs one and every socket acks on arrival, as the UI's hook does (the bare worker has no acks, so that row is ours alone).
- **Throughput**: N publishers each send the next publish to one user as soon as the last is answered; one socket of that user counts the frames.
- **Reconnect storm**: every socket dropped at once, each reconnecting with the UI hook's backoff (\`apps/ui/src/client/notifications/backoff.ts\`: capped exponential, full jitter) and, on ours, \`resume\` from the newest seq it saw; notifications are published to random users meanwhile, and afterwards every socket must hold each of its user's: a missing one is *lost*. *Duplicated* counts a notification that reached one socket twice (typically live and again in the resume that followed); the hook drops the second copy by id, so the count shows how often the object sends one twice, not what a person sees. The bare worker keeps nothing to resume: its figure is the time until every socket is open again.

Raw results of every run are appended to \`.data/bench/results.jsonl\` (git-ignored); the workers' output of the last run is in \`.data/bench/*.log\`.
`;
  writeFileSync(`${dir}/BENCHMARKS.md`, text);
  return `${dir}/BENCHMARKS.md`;
}
