import type {
  BenchResult,
  LatencyResult,
  LatencyShape,
  MemoryResult,
  StormResult,
  ThroughputResult,
} from "./results.ts";
import type { Via } from "./target.ts";

/** One line of the side-by-side table: the same measure of both workers, formatted, and ours ÷ bare. */
export interface Row {
  measure: string;
  via: Via;
  bare: string;
  ours: string;
  ratio: string;
}

export const SHAPE_NAMES: Record<LatencyShape, string> = {
  "1x1": "1 user × 1 socket",
  "1x10": "1 user × 10 sockets",
  "100x1": "100 users × 1 socket",
};
const SHAPES: LatencyShape[] = ["1x1", "1x10", "100x1"];

function format(value: number | undefined, digits?: number): string {
  if (value === undefined || Number.isNaN(value)) return "—";
  if (digits !== undefined) return value.toFixed(digits);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en");
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function row(measure: string, via: Via, bare: number | undefined, ours: number | undefined, digits?: number): Row {
  const ratio = bare === undefined || ours === undefined || bare === 0 ? "—" : `${(ours / bare).toFixed(2)}×`;
  return { measure, via, bare: format(bare, digits), ours: format(ours, digits), ratio };
}

/** The side-by-side rows of everything measured through `via`, in the order the phases run. */
export function sideBySide(results: BenchResult[], via: Via): Row[] {
  const latency = results.filter((r): r is LatencyResult => r.phase === "latency" && r.via === via);
  const throughput = results.filter((r): r is ThroughputResult => r.phase === "throughput" && r.via === via);
  const memory = results.filter((r): r is MemoryResult => r.phase === "memory" && r.via === via);
  const storm = results.filter((r): r is StormResult => r.phase === "storm" && r.via === via);
  const rows: Row[] = [];

  for (const result of memory.filter((r) => r.worker === "ours")) {
    const bare = memory.find((r) => r.worker === "bare" && r.sockets === result.sockets);
    const kb = (r: MemoryResult | undefined) => (r ? r.perSocketBytes / 1024 : undefined);
    rows.push(
      row(
        `RSS per hibernated socket (KB), ${result.sockets.toLocaleString("en")} users × 1`,
        via,
        kb(bare),
        kb(result),
        1,
      ),
    );
  }
  for (const shape of SHAPES) {
    const find = (worker: "ours" | "bare", acks: boolean) =>
      latency.find((r) => r.worker === worker && r.shape === shape && r.acks === acks)?.summary;
    const [bare, ours, acked] = [find("bare", false), find("ours", false), find("ours", true)];
    for (const stat of ["p50", "p90", "p99", "max"] as const) {
      if (bare || ours)
        rows.push(row(`publish → last frame (ms), ${SHAPE_NAMES[shape]}, ${stat}`, via, bare?.[stat], ours?.[stat]));
    }
    for (const stat of ["p50", "p99"] as const) {
      if (acked) rows.push(row(`… with requiresAck, every frame acked, ${stat}`, via, undefined, acked[stat]));
    }
  }
  for (const result of throughput.filter((r) => r.worker === "ours")) {
    const bare = result.acks
      ? undefined
      : throughput.find((r) => r.worker === "bare" && r.concurrency === result.concurrency);
    const measure = `publishes/s into one object, ${result.concurrency} concurrent${result.acks ? ", requiresAck + acks" : ""}`;
    rows.push(row(measure, via, bare?.perSecond, result.perSecond, 0));
  }
  for (const result of storm.filter((r) => r.worker === "ours")) {
    const bare = storm.find((r) => r.worker === "bare");
    const sockets = `${result.sockets.toLocaleString("en")} sockets of ${result.users.toLocaleString("en")} users`;
    const seconds = (r: StormResult | undefined) => (r ? r.allBackMs / 1000 : undefined);
    rows.push(
      row(
        `reconnect storm, ${sockets}: s until all back (bare: open; ours: resumed)`,
        via,
        seconds(bare),
        seconds(result),
      ),
    );
    rows.push({
      measure: `… ${result.published} notifications published meanwhile: lost / duplicated`,
      via,
      bare: "—",
      ours: `${result.lost} / ${result.duplicated}`,
      ratio: "—",
    });
  }
  return rows;
}
