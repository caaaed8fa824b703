import { z } from "zod";
import { commandOf, descendantsOf, listeningPorts } from "./processes.ts";

export type WorkerName = "ours" | "bare";

/** One worker under `wrangler dev`: its public address (wrangler's proxy) and the workerd behind it. */
export interface BenchWorker {
  name: WorkerName;
  /** `service` of the worker's GET /health answer: how its inner workerd is told from the proxy's. */
  service: string;
  proxyUrl: string;
  innerUrl: string;
  /** The workerd process that runs the worker (and its Durable Objects). */
  innerPid: number;
  /** The workerd process of wrangler's proxy. */
  proxyPid: number | null;
}

const Health = z.object({ service: z.string() });

async function answersHealthAs(port: number, service: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    const health = Health.safeParse(await response.json());
    return health.success && health.data.service === service;
  } catch {
    return false;
  }
}

/**
 * wrangler dev runs two workerd processes: its proxy on the public port and the worker's own on a
 * port it picks (`--socket-addr=entry=127.0.0.1:0`) and keeps to itself. The worker's is the one
 * with a listening port, other than the public one, that answers this worker's health check.
 */
export async function findWorker(
  name: WorkerName,
  service: string,
  wranglerPid: number,
  publicPort: number,
): Promise<BenchWorker> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const workerds = descendantsOf(wranglerPid).filter((pid) => /\/workerd\s+serve\b/.test(commandOf(pid)));
    let proxyPid: number | null = null;
    for (const pid of workerds) {
      const ports = listeningPorts(pid);
      if (ports.includes(publicPort)) {
        proxyPid = pid;
        continue;
      }
      for (const port of ports) {
        if (await answersHealthAs(port, service)) {
          return {
            name,
            service,
            proxyUrl: `http://127.0.0.1:${publicPort}`,
            innerUrl: `http://127.0.0.1:${port}`,
            innerPid: pid,
            proxyPid,
          };
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`could not find the workerd of ${name} below process ${wranglerPid} (is this Linux?)`);
}
