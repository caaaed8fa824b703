// `pnpm token <userId> [name]`: prints a session token signed with SESSION_SECRET (or the development default).
import { signSession } from "@repo/auth";
import { devSettings } from "./lib/config.ts";

const [userId, name] = process.argv.slice(2);
if (!userId) {
  console.error("usage: pnpm token <userId> [name]");
  process.exit(2);
}
console.log(await signSession(devSettings().SESSION_SECRET, { userId, name: name ?? userId }));
