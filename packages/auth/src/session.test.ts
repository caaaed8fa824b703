import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { clearedSessionCookie, sessionCookie } from "./cookie.ts";
import {
  IAT_SKEW_SECONDS,
  readCookie,
  sessionCookieName,
  sessionTokenFrom,
  signSession,
  verifySession,
} from "./session.ts";

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

  it("accepts a token issued up to 60 seconds in the future, from a clock that runs ahead, and refuses one issued 61 seconds ahead", async () => {
    const now = Math.floor(Date.now() / 1000);
    const issuedAt = (iat: number) => signSession(secret, { userId: "alice", name: "Alice" }, iat);
    expect(IAT_SKEW_SECONDS).toBe(60);
    await expect(verifySession(secret, await issuedAt(now + 60), now)).resolves.toMatchObject({ sub: "alice" });
    await expect(verifySession(secret, await issuedAt(now + 61), now)).resolves.toBeNull();
    await expect(verifySession(secret, await issuedAt(now - 3_600), now)).resolves.toMatchObject({ sub: "alice" });
  });

  it("still refuses a token whose not-before lies in the future, and one without an expiry", async () => {
    const now = Math.floor(Date.now() / 1000);
    const notYet = await sign({ sub: "alice", name: "Alice", iat: now, exp: now + 600, nbf: now + 300 }, secret);
    await expect(verifySession(secret, notYet, now)).resolves.toBeNull();
    const forever = await sign({ sub: "alice", name: "Alice", iat: now }, secret);
    await expect(verifySession(secret, forever, now)).resolves.toBeNull();
  });

  it("reads the token from a Bearer header first, else from the environment's session cookie", () => {
    const production = "production";
    expect(
      sessionTokenFrom(new Headers({ Authorization: "Bearer abc", Cookie: "__Host-session=def" }), production),
    ).toBe("abc");
    expect(sessionTokenFrom(new Headers({ Cookie: "a=1; __Host-session=def; b=2" }), production)).toBe("def");
    expect(sessionTokenFrom(new Headers({ Cookie: "a=1; session=def; b=2" }), "development")).toBe("def");
    expect(sessionTokenFrom(new Headers({ Authorization: "Basic xyz" }), production)).toBeNull();
    expect(readCookie("sessionx=1; session=2", "session")).toBe("2");
  });

  it("ignores the development cookie name outside development, and the __Host- one in development", () => {
    expect(sessionTokenFrom(new Headers({ Cookie: "session=planted" }), "production")).toBeNull();
    expect(sessionTokenFrom(new Headers({ Cookie: "session=planted" }), "test")).toBeNull();
    expect(sessionTokenFrom(new Headers({ Cookie: "__Host-session=x" }), "development")).toBeNull();
    expect(sessionCookieName(undefined)).toBe("__Host-session");
  });

  it("sets the cookie as __Host-session, HttpOnly, SameSite=Lax, Secure, Path=/ and without Domain outside development", () => {
    expect(sessionCookie("t", "production")).toBe(
      "__Host-session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800; Secure",
    );
    expect(clearedSessionCookie("production")).toBe(
      "__Host-session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure",
    );
  });

  it("sets and clears a plain `session` cookie without Secure in development", () => {
    expect(sessionCookie("t", "development")).toBe("session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=604800");
    expect(clearedSessionCookie("development")).toBe("session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
  });
});
