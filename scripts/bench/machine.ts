import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { ROOT } from "../lib/config.ts";
import { commandOf } from "./processes.ts";

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  wrangler: string;
  workerd: string;
}

function versionOf(packageJson: string): string {
  const match = /"version":\s*"([^"]+)"/.exec(readFileSync(packageJson, "utf8"));
  return match?.[1] ?? "unknown";
}

/** What the figures were measured on, with the versions of the tools in the measured path. */
export function describeMachine(workerdPid: number): Machine {
  const workerdBinary = commandOf(workerdPid).split(" ")[0] ?? "";
  let workerd = "unknown";
  try {
    workerd = execFileSync(workerdBinary, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // Reported as unknown.
  }
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    wrangler: versionOf(`${ROOT}apps/notifications/node_modules/wrangler/package.json`),
    workerd,
  };
}
