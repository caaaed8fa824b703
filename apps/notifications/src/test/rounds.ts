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
 * instead of waiting out the ack timeout: every scheduled round of the object
 * is moved earlier by the time left until the earliest one (so that one is
 * due and the others keep their distance to it), then the object's alarm runs,
 * as the runtime would run it at that moment. Nothing else is touched: the
 * alarm decides what the round does, from the stored state, as in production.
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
    const early = Math.max(0, at - Date.now());
    sql.exec(
      "UPDATE notifications SET next_attempt_at = next_attempt_at - ? WHERE status = 'pending' AND next_attempt_at IS NOT NULL",
      early,
    );
    return true;
  });
  await runDurableObjectAlarm(stub);
  return scheduled;
}

/**
 * As many rounds' worth of time passing as `rounds`, for a test that shows
 * something does NOT happen (no further round after an ack or a failure):
 * stops early once no round is scheduled.
 */
export async function runRounds(userId: string, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) if (!(await runNextRound(userId))) return;
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
