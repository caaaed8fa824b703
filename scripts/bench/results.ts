import { appendFileSync, mkdirSync } from "node:fs";
import type { Summary } from "./stats.ts";
import type { Via } from "./target.ts";
import type { WorkerName } from "./workers.ts";

export type LatencyShape = "1x1" | "1x10" | "100x1";

export interface LatencyResult {
  phase: "latency";
  worker: WorkerName;
  via: Via;
  shape: LatencyShape;
  acks: boolean;
  /** Publish request sent → the frame on the last socket, per sample, ms. */
  samplesMs: number[];
  summary: Summary;
  /** Samples whose frames did not all arrive within the timeout (left out of samplesMs). */
  timedOut: number;
}

export interface ThroughputResult {
  phase: "throughput";
  worker: WorkerName;
  via: Via;
  concurrency: number;
  acks: boolean;
  seconds: number;
  publishes: number;
  perSecond: number;
  framesReceived: number;
  errors: number;
}

export interface MemoryResult {
  phase: "memory";
  worker: WorkerName;
  via: Via;
  sockets: number;
  waitedSeconds: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  perSocketBytes: number;
  /** Sockets still open after the wait, and of those, how many answered a ping. */
  open: number;
  ponged: number;
}

export interface StormResult {
  phase: "storm";
  worker: WorkerName;
  via: Via;
  users: number;
  sockets: number;
  /** Drop → the last socket back (ours: resumed; bare: open), ms. */
  allBackMs: number;
  back: number;
  connectAttempts: number;
  /** Notifications published while the sockets were away, and what the sockets missed or got twice. */
  published: number;
  lost: number;
  duplicated: number;
}

/** Where a publish's CPU time goes (phase "profile"): the worker's inspector profile over a throughput series. */
export interface ProfileResult {
  phase: "profile";
  worker: WorkerName;
  via: Via;
  concurrency: number;
  publishes: number;
  /** Under the profiler: lower than the throughput phase's figure. */
  perSecond: number;
  /** Sampled non-idle time of the worker's isolate per publish, µs. */
  busyUsPerPublish: number;
  idleUs: number;
  /** Inclusive time per publish of each step found on the stack. */
  steps: { name: string; usPerPublish: number }[];
  /** The functions most often on top of the stack. */
  self: { name: string; where: string; usPerPublish: number }[];
  /** The .cpuprofile written (Chrome DevTools opens it). */
  file: string;
}

export type BenchResult = LatencyResult | ThroughputResult | MemoryResult | StormResult | ProfileResult;

/** Appends each result as one JSON line, with the run it belongs to. */
export function appendResults(file: string, run: { id: string; quick: boolean }, results: BenchResult[]): void {
  mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true });
  appendFileSync(
    file,
    results
      .map((result) => JSON.stringify({ run: run.id, quick: run.quick, ...result }))
      .join("\n")
      .concat("\n"),
  );
}
