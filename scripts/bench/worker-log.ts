import { readFileSync } from "node:fs";

/**
 * How many of the notifications worker's structured log lines in `file` are `event` (apps/notifications/src/log.ts
 * writes one JSON object per line): the audit flushes tell whether the database kept up during the run.
 */
export function countEvents(file: string, event: string): number {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return 0;
  }
  const needle = `"event":${JSON.stringify(event)}`;
  return text.split("\n").filter((line) => line.includes(needle)).length;
}
