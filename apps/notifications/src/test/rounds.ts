import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { RecordingSocket } from "@repo/test-utils";
import { stubFor } from "./helpers";

/**
 * A ping the runtime's auto-response does not match byte for byte, so the
 * object itself answers it, in turn with the frames before it.
 */
const OBJECT_PING = '{ "type": "ping" }';

/**
 * Does now what the clock reaching the user's next retry round would do,
 * instead of waiting out the ack timeout: the rounds due at the earliest
 * scheduled time are made due now, then the object's alarm runs, as the
 * runtime would run it at that moment. The alarm decides what the round does,
 * from the stored state, as in production. Later rounds keep their time, so
 * none of them falls due meanwhile by itself.
 *
 * Throws when the object's alarm would not have fired by the round's time:
 * such a round would never have happened by itself, and a test must not make
 * it happen. Returns false, after running the alarm if one is set, when no
 * round is scheduled (what the passing of time would do then too).
 *
 * The object's own alarm stays armed at the ack timeout: a test that stalls
 * past it sees that round come by itself, and this call then runs the one
 * after. So tests wait for "at least n" frames between rounds and count
 * exactly only once the rounds are over.
 */
export async function runNextRound(userId: string): Promise<boolean> {
  const stub = stubFor(userId);
  const scheduled = await runInDurableObject(stub, async (_instance, state) => {
    const sql = state.storage.sql;
    const at =
      sql
        .exec<{ at: number | null }>(
          "SELECT MIN(next_attempt_at) AS at FROM notifications WHERE status = 'pending' AND next_attempt_at IS NOT NULL",
        )
        .toArray()[0]?.at ?? null;
    if (at === null) return false;
    const alarm = await state.storage.getAlarm();
    if (alarm === null || alarm > at) {
      throw new Error(`the round due at ${at} has no alarm by then (alarm: ${alarm})`);
    }
    sql.exec(
      "UPDATE notifications SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at = ?",
      Math.min(at, Date.now()),
      at,
    );
    return true;
  });
  await runDurableObjectAlarm(stub);
  return scheduled;
}

/**
 * Time passing until the user's object has no round left to run, for a test
 * that shows what the rounds end in, or that something does NOT happen (no
 * round after an ack or a failure). Fails if rounds are still scheduled after
 * `maxRuns` alarm runs: rounds that never end.
 */
export async function runRoundsToEnd(userId: string, maxRuns = 12): Promise<void> {
  for (let run = 0; run < maxRuns; run++) if (!(await runNextRound(userId))) return;
  throw new Error(`rounds still scheduled after ${maxRuns} alarm runs`);
}

/**
 * A round trip through the object on `socket`: once it returns, the object has
 * handled every frame the socket sent before (acks included), and the socket
 * has received every frame the object sent it before answering. Lets a test
 * count "nothing more arrived" without sleeping.
 */
export async function settle(socket: RecordingSocket): Promise<void> {
  const pongs = () => socket.frames.filter((frame) => frame.type === "pong").length;
  const before = pongs();
  socket.send(OBJECT_PING);
  await socket.until(() => pongs() > before, 2_000, "the object's pong");
}
