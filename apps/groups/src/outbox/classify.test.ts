import { describe, expect, it } from "vitest";
import { afterFailure, isPermanentFailure } from "./classify";

/** An exception as Durable Object RPC hands it to the caller: the object's type and message, with the runtime's flags. */
function remote(error: Error, flags: Record<string, boolean> = {}): Error {
  return Object.assign(error, { remote: true, ...flags });
}

describe("isPermanentFailure", () => {
  it("counts a validation TypeError thrown by the receiving object as permanent", () => {
    expect(isPermanentFailure(remote(new TypeError("invalid notification: ✖ Invalid input")))).toBe(true);
    expect(isPermanentFailure(remote(new TypeError("invalid userId: ✖ Too big")))).toBe(true);
  });

  it("counts a TypeError the runtime marks retryable or overloaded as retryable", () => {
    expect(isPermanentFailure(remote(new TypeError("invalid notification"), { retryable: true }))).toBe(false);
    expect(isPermanentFailure(remote(new TypeError("invalid notification"), { overloaded: true }))).toBe(false);
  });

  it("counts a local TypeError, a plain Error, a timeout and a thrown non-error as retryable", () => {
    expect(isPermanentFailure(new TypeError("fetch failed"))).toBe(false);
    expect(isPermanentFailure(remote(new Error("invalid notifications configuration: ACK_TIMEOUT_MS")))).toBe(false);
    expect(isPermanentFailure(new Error("notification delivery timed out after 2000 ms"))).toBe(false);
    expect(isPermanentFailure("invalid notification")).toBe(false);
  });
});

describe("afterFailure", () => {
  it("retries a permanent refusal until its attempts are used up, then dead-letters it", () => {
    expect([1, 2, 3, 4].map((failures) => afterFailure(failures, true, 3))).toEqual([
      "retry",
      "retry",
      "dead-letter",
      "dead-letter",
    ]);
  });

  it("retries a retryable failure however often it has failed", () => {
    expect(afterFailure(10_000, false, 3)).toBe("retry");
  });
});
