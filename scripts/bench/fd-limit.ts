import { spawnSync } from "node:child_process";
import { openFileLimits } from "./processes.ts";

const RAISED = "BENCH_FD_LIMIT_RAISED";

/**
 * Thousands of sockets need as many descriptors in this process and in workerd. Node cannot raise
 * its own limit, so when it is too low the benchmark runs itself again under `ulimit -n` (workerd
 * inherits it); when even that is refused it carries on and says so.
 */
export function ensureOpenFiles(needed: number, log: (line: string) => void): void {
  const limits = openFileLimits();
  if (limits === null || limits.soft >= needed) return;
  const target = Math.min(Math.max(needed, 65_536), limits.hard);
  if (target <= limits.soft || process.env[RAISED]) {
    log(`open files limited to ${limits.soft} (${needed} wanted): the largest memory phase may not hold every socket`);
    return;
  }
  log(`raising the open files limit from ${limits.soft} to ${target} (ulimit -n) and starting again`);
  const result = spawnSync(
    "sh",
    ["-c", `ulimit -n ${target} && exec "$@"`, "sh", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: "inherit", env: { ...process.env, [RAISED]: "1" } },
  );
  process.exit(result.status ?? 1);
}
