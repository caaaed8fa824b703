import { writeFileSync } from "node:fs";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { BenchResult, LatencyResult, MemoryResult, ThroughputResult } from "./results.ts";
import { SHAPE_NAMES } from "./summary.ts";
import type { Via } from "./target.ts";

/** One chart: its file name under docs/bench/ and what it shows (the image's alt text). */
export interface Chart {
  file: string;
  title: string;
}

const SERIES_COLORS = { domain: ["bare", "ours", "ours + acks"], range: ["#8c8c8c", "#1f77b4", "#ff7f0e"] };

function seriesOf(result: { worker: string; acks: boolean }): string {
  return result.worker === "bare" ? "bare" : result.acks ? "ours + acks" : "ours";
}

/** Compiles a Vega-Lite spec and renders it to SVG, headless (no browser, no canvas). */
async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

function latencySpec(results: LatencyResult[], via: Via): TopLevelSpec {
  const values = results.flatMap((result) =>
    result.samplesMs.map((ms) => ({ shape: SHAPE_NAMES[result.shape], series: seriesOf(result), ms })),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Publish → last frame, cumulative distribution (${via === "direct" ? "straight to workerd" : "through wrangler dev's proxy"})`,
    data: { values },
    transform: [
      { window: [{ op: "cume_dist", as: "fraction" }], sort: [{ field: "ms" }], groupby: ["shape", "series"] },
    ],
    facet: { column: { field: "shape", type: "nominal", title: null, sort: Object.values(SHAPE_NAMES) } },
    spec: {
      width: 260,
      height: 200,
      mark: { type: "line", interpolate: "step-after" },
      encoding: {
        x: { field: "ms", type: "quantitative", scale: { type: "log" }, title: "latency (ms, log scale)" },
        y: { field: "fraction", type: "quantitative", title: "fraction of publishes", axis: { format: "%" } },
        color: { field: "series", type: "nominal", scale: SERIES_COLORS, title: null },
      },
    },
  };
}

function throughputSpec(results: ThroughputResult[]): TopLevelSpec {
  const values = results.map((result) => ({
    via: result.via === "direct" ? "straight to workerd" : "through wrangler dev",
    concurrency: `${result.concurrency} concurrent`,
    series: seriesOf(result),
    perSecond: Math.round(result.perSecond),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Publishes per second into one user's object",
    data: { values },
    facet: { column: { field: "via", type: "nominal", title: null } },
    spec: {
      width: 240,
      height: 220,
      mark: "bar",
      encoding: {
        x: { field: "concurrency", type: "nominal", title: null, axis: { labelAngle: 0 } },
        xOffset: { field: "series", sort: SERIES_COLORS.domain },
        y: { field: "perSecond", type: "quantitative", title: "publishes/s" },
        color: { field: "series", type: "nominal", scale: SERIES_COLORS, title: null },
      },
    },
  };
}

function memorySpec(results: MemoryResult[]): TopLevelSpec {
  const values = results.map((result) => ({
    sockets: `${result.sockets.toLocaleString("en")} sockets`,
    series: seriesOf({ worker: result.worker, acks: false }),
    kb: Math.round((result.perSocketBytes / 1024) * 10) / 10,
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "workerd resident memory per hibernated socket",
    data: { values },
    width: 260,
    height: 200,
    mark: "bar",
    encoding: {
      x: { field: "sockets", type: "nominal", title: null, axis: { labelAngle: 0 } },
      xOffset: { field: "series", sort: SERIES_COLORS.domain },
      y: { field: "kb", type: "quantitative", title: "KB per socket" },
      color: { field: "series", type: "nominal", scale: SERIES_COLORS, title: null },
    },
  };
}

/** Draws every chart the results allow into `dir` (docs/bench/); answers what it drew. */
export async function drawCharts(results: BenchResult[], dir: string): Promise<Chart[]> {
  const latency = results.filter((r): r is LatencyResult => r.phase === "latency");
  const throughput = results.filter((r): r is ThroughputResult => r.phase === "throughput");
  const memory = results.filter((r): r is MemoryResult => r.phase === "memory");
  const charts: { file: string; title: string; spec: TopLevelSpec }[] = [];
  for (const via of ["direct", "proxy"] as const) {
    const ofVia = latency.filter((r) => r.via === via);
    if (ofVia.length > 0) {
      charts.push({
        file: `latency-${via}.svg`,
        title: `latency distributions, ${via}`,
        spec: latencySpec(ofVia, via),
      });
    }
  }
  if (throughput.length > 0)
    charts.push({ file: "throughput.svg", title: "throughput", spec: throughputSpec(throughput) });
  if (memory.length > 0) charts.push({ file: "memory.svg", title: "memory per socket", spec: memorySpec(memory) });
  for (const chart of charts) writeFileSync(`${dir}/${chart.file}`, await renderSvg(chart.spec));
  return charts.map(({ file, title }) => ({ file, title }));
}
