import type { UserConsoleLog } from "vitest";
import type { Reporter } from "vitest/node";
import { DRILL_LINE } from "./constants.ts";

/**
 * Prints the count lines of the fault drills for passing tests too: the
 * default reporter shows console output only for failing tests (the workers'
 * JSON logs would drown the rest), but the drills' counts are their result.
 */
export default class DrillReport implements Reporter {
  onUserConsoleLog(log: UserConsoleLog): void {
    if (log.content.startsWith(DRILL_LINE)) process.stdout.write(log.content);
  }
}
