import { describe, expect, it } from "vitest";
import { errorMessage } from "./errors";

describe("error messages for the logs", () => {
  it("gives a driver error's code and its cause's message rather than the wrapper's query text", () => {
    const cause = Object.assign(new Error("too many clients already"), { code: "53300" });
    const wrapped = new Error('Failed query: insert into "notification_log" … params: …', { cause });
    expect(errorMessage(wrapped)).toBe("53300 too many clients already");
  });

  it("gives a plain error's message, and anything else as text", () => {
    expect(errorMessage(new Error("no HYPERDRIVE binding"))).toBe("no HYPERDRIVE binding");
    expect(errorMessage("boom")).toBe("boom");
  });
});
