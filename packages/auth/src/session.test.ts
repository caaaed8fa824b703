import { describe, expect, it } from "vitest";
import { clearedSessionCookie, sessionCookie } from "./cookie.ts";
import { readCookie, sessionTokenFrom, signSession, verifySession } from "./session.ts";

const secret = "a-secret-of-at-least-thirty-two-bytes!!";

describe("sessions", () => {
  it("verifies a token it signed and returns its claims", async () => {
    const token = await signSession(secret, { userId: "alice", name: "Alice" }, 1_000_000_000, 60);
    await expect(verifySession(secret, token)).resolves.toBeNull(); // long expired by now
    const fresh = await signSession(secret, { userId: "alice", name: "Alice" });
    await expect(verifySession(secret, fresh)).resolves.toMatchObject({ sub: "alice", name: "Alice" });
  });

  it("rejects a token signed with another secret, a tampered one and garbage", async () => {
    const token = await signSession("another-secret-another-secret-another", { userId: "alice", name: "Alice" });
    await expect(verifySession(secret, token)).resolves.toBeNull();
    const mine = await signSession(secret, { userId: "alice", name: "Alice" });
    const [header, , signature] = mine.split(".");
    const forgedPayload = btoa(JSON.stringify({ sub: "mallory", name: "M", iat: 1, exp: 9_999_999_999 })).replace(
      /=+$/,
      "",
    );
    await expect(verifySession(secret, `${header}.${forgedPayload}.${signature}`)).resolves.toBeNull();
    await expect(verifySession(secret, "garbage")).resolves.toBeNull();
    await expect(verifySession(secret, null)).resolves.toBeNull();
  });

  it("reads the token from a Bearer header first, else from the session cookie", () => {
    expect(sessionTokenFrom(new Headers({ Authorization: "Bearer abc", Cookie: "session=def" }))).toBe("abc");
    expect(sessionTokenFrom(new Headers({ Cookie: "a=1; session=def; b=2" }))).toBe("def");
    expect(sessionTokenFrom(new Headers({ Authorization: "Basic xyz" }))).toBeNull();
    expect(readCookie("sessionx=1; session=2", "session")).toBe("2");
  });

  it("sets the cookie HttpOnly and SameSite=Lax, Secure outside development, and clears it", () => {
    expect(sessionCookie("t", true)).toBe("session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure");
    expect(sessionCookie("t", false)).not.toContain("Secure");
    expect(clearedSessionCookie(false)).toContain("Max-Age=0");
  });
});
