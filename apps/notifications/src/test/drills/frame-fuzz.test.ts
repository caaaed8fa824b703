import { ClientFrame, MAX_CLIENT_FRAME_BYTES, PING_FRAME, type ServerFrame } from "@repo/notifications";
import type { RecordingSocket } from "@repo/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DRILL_LINE } from "../constants";
import { announcement, connect, publish, uniqueUser } from "../helpers";

// Fixed, so that a failure replays; printed with the result.
const SEED = 20_261_125;
const RUNS = 100;

type ClientMessage = { kind: "text"; data: string } | { kind: "binary"; data: Uint8Array };
type Answer = "error" | "pong" | "resumed" | "none";

const text = (data: string): ClientMessage => ({ kind: "text", data });
const binary = (data: Uint8Array): ClientMessage => ({ kind: "binary", data });
const json = (value: unknown) => text(JSON.stringify(value));

/** Everything a client could send: noise, abuse at the size and depth limits, and frames that look valid but are not. */
const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.string({ maxLength: 300, unit: "binary" }).map(text),
  fc.uint8Array({ maxLength: 300 }).map(binary),
  fc
    .integer({ min: MAX_CLIENT_FRAME_BYTES - 1_000, max: MAX_CLIENT_FRAME_BYTES + 1_000 })
    .map((n) => binary(new Uint8Array(n))),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => text(`${"[".repeat(depth)}${"]".repeat(depth)}`)),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => text(`${'{"type":'.repeat(depth)}"ack"${"}".repeat(depth)}`)),
  // Around 64 KiB, in one-byte and in two-byte characters.
  fc
    .integer({ min: MAX_CLIENT_FRAME_BYTES - 100, max: MAX_CLIENT_FRAME_BYTES + 100 })
    .map((n) => json({ type: "ack", notificationId: "x".repeat(n - 34) })),
  fc.integer({ min: 32_700, max: 32_800 }).map((n) => json({ type: "ping", pad: "é".repeat(n) })),
  fc.jsonValue({ maxDepth: 5 }).map(json),
  fc
    .record(
      {
        type: fc.constantFrom("ping", "ack", "resume", "read", "PING", "", "subscribe"),
        notificationId: fc.jsonValue({ maxDepth: 2 }),
        afterSeq: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ["type"] },
    )
    .map(json),
  fc.uuid().map((id) => json({ type: "ack", notificationId: id })),
  fc.nat().map((afterSeq) => json({ type: "resume", afterSeq })),
  fc.constant(text(PING_FRAME)),
  fc.constant(text('{ "type": "ping" }')),
);

const encoder = new TextEncoder();

/** What design §4 says the object answers to `message`: the oracle is the protocol's own schema and size limit. */
function expectedAnswer(message: ClientMessage): Answer {
  if (message.kind === "binary") return "error";
  if (encoder.encode(message.data).byteLength > MAX_CLIENT_FRAME_BYTES) return "error";
  let value: unknown;
  try {
    value = JSON.parse(message.data);
  } catch {
    return "error";
  }
  const parsed = ClientFrame.safeParse(value);
  if (!parsed.success) return "error";
  return parsed.data.type === "ping" ? "pong" : parsed.data.type === "resume" ? "resumed" : "none";
}

const answerOf = (frame: ServerFrame): Answer =>
  frame.type === "error" || frame.type === "pong" || frame.type === "resumed" ? frame.type : "none";
const rateLimited = (frame: ServerFrame) => frame.type === "error" && /rate limit/i.test(frame.message);

// Answered by the object, in order after everything sent before it (the runtime answers only the exact ping bytes).
const BARRIER = '{"type":"ping" }';

describe("fuzzing the socket with generated client frames", () => {
  it("answers every generated frame, keeps the socket open unless the rate limit closes it with 1008, and still delivers afterwards", async () => {
    const user = uniqueUser("fuzz");
    let socket: RecordingSocket = await connect(user);
    let closeCode: number | null = null;
    const watch = (opened: RecordingSocket) => {
      closeCode = null;
      opened.socket.addEventListener("close", (event) => {
        closeCode = event.code;
      });
      return opened;
    };
    watch(socket);
    const totals = { frames: 0, errors: 0, rateLimited: 0, closes: 0 };

    await fc.assert(
      fc.asyncProperty(fc.array(clientMessage, { minLength: 20, maxLength: 60 }), async (batch) => {
        if (socket.closed) socket = watch(await connect(user));
        const start = socket.frames.length;
        for (const message of batch) socket.socket.send(message.data);
        socket.send(BARRIER);
        totals.frames += batch.length;

        const expected = [...batch.map(expectedAnswer), "pong" as const].filter((answer) => answer !== "none");
        await socket.until((s) => s.closed || s.frames.length - start >= expected.length, 10_000, "the answers");
        const replies = socket.frames.slice(start);
        totals.errors += replies.filter((frame) => frame.type === "error").length;
        totals.rateLimited += replies.filter(rateLimited).length;
        expect(socket.invalid).toEqual([]);
        expect(replies.filter((frame) => answerOf(frame) === "none")).toEqual([]);

        if (socket.closed) {
          // Sustained abuse: the only close allowed, said first in an error frame on this socket (maybe in the
          // batch before: refusals still outstanding from it close the socket at this batch's first frame).
          totals.closes++;
          expect(closeCode).toBe(1008);
          expect(socket.frames.some(rateLimited)).toBe(true);
          return;
        }
        if (replies.some(rateLimited)) {
          // A frame over the rate is answered with the rate-limit error instead of its own answer (an ack gains one).
          expect(replies.length).toBeGreaterThanOrEqual(expected.length);
          return;
        }
        // One answer per frame, in order; pongs from the runtime may overtake, so they are compared by count.
        expect(replies.filter((frame) => frame.type !== "pong").map(answerOf)).toEqual(
          expected.filter((answer) => answer !== "pong"),
        );
        expect(replies.filter((frame) => frame.type === "pong")).toHaveLength(
          expected.filter((answer) => answer === "pong").length,
        );
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    console.log(
      `${DRILL_LINE} frame fuzz: seed=${SEED} runs=${RUNS} frames=${totals.frames} errors=${totals.errors} rateLimited=${totals.rateLimited} closes=${totals.closes}\n`,
    );
    if (socket.closed) socket = watch(await connect(user));
    const published = await publish(user, announcement("after the fuzz"));
    await socket.until(
      (s) => s.notifications().some((frame) => frame.id === published.id),
      2_000,
      "the notification published after the fuzz",
    );
    expect(socket.closed).toBe(false);
  }, 120_000);
});
