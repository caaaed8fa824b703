// `pnpm test:all` (what `npm test` runs after installing): every package's tests, one package at a time
// (each starts workerd; the machine has two cores), then the browser test against the whole stack, then
// one line with the totals of all of them, read from the JSON report each run leaves in artifacts/.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ROOT } from "./lib/config.ts";

const RESULTS = join(ROOT, "artifacts", "test-results");
rmSync(RESULTS, { recursive: true, force: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", WRANGLER_SEND_METRICS: "false" };
const steps = [
  ["turbo", "run", "test", "--concurrency=1", "--continue"],
  ["turbo", "run", "test:e2e", "--filter=ui"],
];
let failedSteps = 0;
for (const [command, ...args] of steps) {
  const result = spawnSync(command ?? "", args, { cwd: ROOT, stdio: "inherit", env });
  if (result.status !== 0) failedSteps++;
}

const Report = z.object({ numPassedTests: z.number(), numFailedTests: z.number(), numPendingTests: z.number() });
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of existsSync(RESULTS) ? readdirSync(RESULTS) : []) {
  const report = Report.safeParse(JSON.parse(readFileSync(join(RESULTS, file), "utf8")));
  if (!report.success) continue;
  passed += report.data.numPassedTests;
  failed += report.data.numFailedTests;
  skipped += report.data.numPendingTests;
}
console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 || failed > 0 || passed === 0 ? 1 : 0);
