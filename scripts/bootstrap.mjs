// `npm start` and `npm test` on a fresh clone with only Node and npm: install with the
// pinned pnpm (which also brings the project's Node 24), then run the pnpm script named.
import { spawnSync } from "node:child_process";

const script = process.argv[2];
if (!script) {
  console.error("usage: node scripts/bootstrap.mjs <pnpm script>");
  process.exit(2);
}
const pnpm = ["--yes", "pnpm@10.34.8"];
const shell = process.platform === "win32";

for (const args of [
  [...pnpm, "install", "--frozen-lockfile"],
  [...pnpm, "run", script],
]) {
  const result = spawnSync("npx", args, { stdio: "inherit", shell });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
