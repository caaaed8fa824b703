import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// Linux only: what the benchmark needs to know about wrangler's processes comes from /proc.

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function parentOf(pid: number): number | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: the fields after its last ")" are plain.
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  const parent = Number(fields?.[1]);
  return Number.isInteger(parent) ? parent : null;
}

/** Every living process below `root`, by pid. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

export function commandOf(pid: number): string {
  return (readOrNull(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ").trim();
}

/** The TCP ports `pid` listens on (IPv4 and IPv6), from its socket descriptors and /proc/net/tcp*. */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  let descriptors: string[] = [];
  try {
    descriptors = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of descriptors) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed while we looked
    }
  }
  const ports: number[] = [];
  for (const table of [`/proc/${pid}/net/tcp`, `/proc/${pid}/net/tcp6`]) {
    for (const line of (readOrNull(table) ?? "").split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [local, state, inode] = [columns[1], columns[3], columns[9]];
      // State 0A is LISTEN.
      if (state === "0A" && inode && inodes.has(inode) && local)
        ports.push(Number.parseInt(local.split(":")[1] ?? "", 16));
    }
  }
  return ports;
}

/** Resident memory of `pid` in bytes (VmRSS), or null when it is gone. */
export function residentBytes(pid: number): number | null {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readOrNull(`/proc/${pid}/status`) ?? "");
  return match?.[1] ? Number(match[1]) * 1024 : null;
}

/** The soft and hard limits on open files of this process. */
export function openFileLimits(): { soft: number; hard: number } | null {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(readOrNull("/proc/self/limits") ?? "");
  if (!match?.[1] || !match[2]) return null;
  const value = (raw: string) => (raw === "unlimited" ? Number.POSITIVE_INFINITY : Number(raw));
  return { soft: value(match[1]), hard: value(match[2]) };
}
