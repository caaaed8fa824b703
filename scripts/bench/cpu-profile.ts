import { z } from "zod";

/** A V8 CPU profile as the DevTools protocol's `Profiler.stop` returns it (the fields used here). */
export const CpuProfile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
      children: z.array(z.number()).optional(),
    }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});
export type CpuProfile = z.infer<typeof CpuProfile>;

const Target = z.array(z.object({ webSocketDebuggerUrl: z.string(), title: z.string().optional() }));
const Reply = z.object({ id: z.number(), result: z.unknown().optional(), error: z.unknown().optional() });

/** Longer than any profile the bench asks for takes to come back. */
const INSPECTOR_TIMEOUT_MS = 60_000;

/**
 * A DevTools protocol session with the worker behind `wrangler dev --inspector-port`: the same
 * one Chrome's DevTools opens. Only what a CPU profile needs.
 */
export async function openInspector(inspectorPort: number): Promise<{
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  close(): void;
}> {
  const targets = Target.parse(await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json());
  // wrangler lists the worker's own isolate; any `core:` ones are its internals.
  const target = targets.find((entry) => !entry.title?.startsWith("core:")) ?? targets[0];
  if (!target) throw new Error(`no inspector target on port ${inspectorPort}`);
  // wrangler's inspector proxy refuses an upgrade without an Origin it knows (a local one will do). Node's
  // WebSocket (undici) takes `{ headers }` where the DOM typing only knows protocols.
  const socket = new WebSocket(target.webSocketDebuggerUrl, {
    headers: { Origin: `http://127.0.0.1:${inspectorPort}` },
  } as unknown as string[]);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new Error(`could not open ${target.webSocketDebuggerUrl}`)));
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  socket.addEventListener("message", (event) => {
    const reply = Reply.safeParse(JSON.parse(String(event.data)));
    if (!reply.success) return; // an event, not an answer
    const pending = waiting.get(reply.data.id);
    waiting.delete(reply.data.id);
    if (reply.data.error !== undefined) pending?.reject(new Error(JSON.stringify(reply.data.error)));
    else pending?.resolve(reply.data.result);
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      // workerd leaves some commands unanswered (HeapProfiler.collectGarbage): fail, never hang.
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`inspector: no answer to ${method} in ${INSPECTOR_TIMEOUT_MS} ms`));
        }, INSPECTOR_TIMEOUT_MS);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
    },
    close: () => socket.close(),
  };
}

/** Where a publish's time goes: one row per function, in microseconds of the profile. */
export interface ProfileSummary {
  /** Sampled time spent running (not idle), µs. */
  busyUs: number;
  idleUs: number;
  /** Time with the function anywhere on the stack, µs, for the functions asked about. */
  inclusive: { name: string; us: number }[];
  /** The functions that were on top of the stack most, µs. */
  self: { name: string; where: string; us: number }[];
}

const IDLE = "(idle)";

/**
 * Sums a profile: self time per function (where the sample's top frame is), and inclusive time
 * (on the stack at all) of each of `steps`, counted once per sample even when recursive.
 */
export function summariseProfile(profile: CpuProfile, steps: readonly string[], top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, { name: string; where: string; us: number }>();
  const inclusive = new Map<string, number>(steps.map((step) => [step, 0]));
  let busyUs = 0;
  let idleUs = 0;
  profile.samples.forEach((leaf, index) => {
    const us = profile.timeDeltas[index + 1] ?? 0; // a sample's delta is the time until the next one
    const node = byId.get(leaf);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === IDLE) {
      idleUs += us;
      return;
    }
    busyUs += us;
    const name = functionName || "(anonymous)";
    const where = url ? `${url.replace(/^.*\//, "")}:${lineNumber + 1}` : "";
    const key = `${name} ${where}`;
    const entry = self.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    self.set(key, entry);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
      const fn = byId.get(id)?.callFrame.functionName ?? "";
      if (inclusive.has(fn) && !seen.has(fn)) {
        seen.add(fn);
        inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
      }
    }
  });
  return {
    busyUs,
    idleUs,
    inclusive: [...inclusive].map(([name, us]) => ({ name, us })),
    self: [...self.values()].sort((a, b) => b.us - a.us).slice(0, top),
  };
}
