import { parseArgs } from "node:util";

export interface BenchOptions {
  quick: boolean;
  /** Public (wrangler dev proxy) ports and inspector ports: away from `npm start`'s 8787/8788/9229-9231. */
  ports: { bare: number; ours: number; bareInspector: number; oursInspector: number; postgres: number };
  latency: { samples: number; warmup: number };
  throughput: { seconds: number; concurrency: number[] };
  memory: { sockets: number[]; hibernationWaitSeconds: number };
  storm: { users: number; socketsPerUser: number };
  /** Which phases run; all but the profile by default. */
  phases: Phase[];
  /** BENCH_NOTE: words about the run's conditions for the top of docs/BENCHMARKS.md. */
  note: string | null;
  /**
   * BENCH_LOCAL_OBSERVABILITY=true keeps wrangler dev's local trace collector (Miniflare's
   * `X_LOCAL_OBSERVABILITY`, on by default under `npm start`): a SQLite trace store inside each
   * worker's workerd that writes and fsyncs a span for every storage call. Production has no such
   * store, so the bench turns it off for both workers unless asked.
   */
  localObservability: boolean;
}

export const PHASES = ["memory", "latency", "throughput", "storm", "profile"] as const;
/** What runs without --phases: the profile slows the worker it profiles, so it runs only when asked for. */
export const DEFAULT_PHASES: readonly Phase[] = ["memory", "latency", "throughput", "storm"];
export type Phase = (typeof PHASES)[number];

const USAGE = `usage: pnpm bench [--quick] [--phases memory,latency,throughput,storm,profile]
  env: BENCH_BARE_PORT (8797), BENCH_PORT (8798), BENCH_BARE_INSPECTOR_PORT (9239), BENCH_INSPECTOR_PORT (9240),
       BENCH_PG_PORT (5443, the embedded Postgres when DATABASE_URL is unset), BENCH_SAMPLES, BENCH_SECONDS,
       BENCH_CONCURRENCY (e.g. 16,64), BENCH_SOCKETS (e.g. 1000,5000), BENCH_HIBERNATION_WAIT_S, BENCH_STORM_USERS,
       BENCH_NOTE (a sentence for the top of docs/BENCHMARKS.md),
       BENCH_LOCAL_OBSERVABILITY=true (keep wrangler dev's local trace collector, off by default)`;

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

function booleanFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new Error(`${name} must be true or false, not "${raw}"`);
}

function listFrom(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  return raw.split(",").map((part) => numberFrom({ [name]: part.trim() }, name, 0));
}

/**
 * The run's sizes: `--quick` is a smoke run (about a minute of measuring on an idle machine; too
 * short to reach hibernation or steady state, so its figures are not ones to quote), the default a
 * real one (about ten minutes).
 */
export function readOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean", default: false }, phases: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true;
  const phases =
    values.phases === undefined ? [...DEFAULT_PHASES] : values.phases.split(",").map((name) => name.trim());
  const unknown = phases.filter((name) => !PHASES.some((phase) => phase === name));
  if (unknown.length > 0) throw new Error(`unknown phase ${unknown.join(", ")}\n${USAGE}`);
  return {
    quick,
    ports: {
      bare: numberFrom(env, "BENCH_BARE_PORT", 8797),
      ours: numberFrom(env, "BENCH_PORT", 8798),
      bareInspector: numberFrom(env, "BENCH_BARE_INSPECTOR_PORT", 9239),
      oursInspector: numberFrom(env, "BENCH_INSPECTOR_PORT", 9240),
      postgres: numberFrom(env, "BENCH_PG_PORT", 5443),
    },
    latency: {
      samples: numberFrom(env, "BENCH_SAMPLES", quick ? 10 : 300),
      warmup: quick ? 2 : 20,
    },
    throughput: {
      seconds: numberFrom(env, "BENCH_SECONDS", quick ? 1 : 10),
      concurrency: listFrom(env, "BENCH_CONCURRENCY", [16, 64]),
    },
    memory: {
      sockets: listFrom(env, "BENCH_SOCKETS", quick ? [100] : [1_000, 5_000]),
      // Local workerd hibernates an idle object after about 10 s.
      hibernationWaitSeconds: numberFrom(env, "BENCH_HIBERNATION_WAIT_S", quick ? 3 : 15),
    },
    storm: { users: numberFrom(env, "BENCH_STORM_USERS", quick ? 50 : 1_000), socketsPerUser: 2 },
    phases: PHASES.filter((phase) => phases.includes(phase)),
    note: env.BENCH_NOTE ?? null,
    localObservability: booleanFrom(env, "BENCH_LOCAL_OBSERVABILITY", false),
  };
}
