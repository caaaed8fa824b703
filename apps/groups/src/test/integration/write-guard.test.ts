import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { accept, call, createGroup, invite, signIn, type TestUser } from "../helpers";

const BASE = "http://groups.test";

/** A write as a browser or a form would send it: headers exactly as given. */
async function raw(user: TestUser, method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await exports.default.fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${user.token}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, body: await response.json() };
}

describe("groups write routes accept only same-origin JSON", () => {
  it("refuses a group created from a form or plain text with 415, and creates nothing", async () => {
    const alice = await signIn("alice");
    const body = JSON.stringify({ name: "Form Club" });
    for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"]) {
      const refused = await raw(alice, "POST", "/api/groups", { "Content-Type": type }, body);
      expect(refused).toEqual({ status: 415, body: { error: expect.stringContaining("application/json") } });
    }
    expect(await raw(alice, "POST", "/api/groups", {}, body)).toMatchObject({ status: 415 });
    expect(await call(alice, "GET", "/api/groups")).toEqual({ status: 200, body: [] });
  });

  it("refuses a body-less accept without a JSON type with 415, leaving the invitation pending", async () => {
    const [alice, bob] = await Promise.all([signIn("alice"), signIn("bob")]);
    const group = await createGroup(alice);
    const invitation = await invite(alice, group.id, bob.id);

    const refused = await raw(bob, "POST", `/api/invitations/${invitation.id}/accept`, {});
    expect(refused.status).toBe(415);
    const pending = await call(bob, "GET", "/api/invitations");
    expect(
      z
        .array(z.object({ id: z.string() }))
        .parse(pending.body)
        .map((i) => i.id),
    ).toEqual([invitation.id]);
    await accept(bob, invitation.id);
  });

  it("refuses a browser's write from another origin or site with 403, and creates nothing", async () => {
    const alice = await signIn("alice");
    const json = { "Content-Type": "application/json" };
    const body = JSON.stringify({ name: "Cross Club" });

    const foreignOrigin = await raw(alice, "POST", "/api/groups", { ...json, Origin: "https://evil.example" }, body);
    expect(foreignOrigin).toEqual({ status: 403, body: { error: "cross-origin writes are refused" } });
    const crossSite = await raw(alice, "POST", "/api/groups", { ...json, "Sec-Fetch-Site": "cross-site" }, body);
    expect(crossSite).toEqual({ status: 403, body: { error: "cross-site writes are refused" } });
    expect(await call(alice, "GET", "/api/groups")).toEqual({ status: 200, body: [] });
  });

  it("accepts a browser's same-origin write, named by Origin and Sec-Fetch-Site", async () => {
    const alice = await signIn("alice");
    const created = await raw(
      alice,
      "POST",
      "/api/groups",
      { "Content-Type": "application/json", Origin: BASE, "Sec-Fetch-Site": "same-origin" },
      JSON.stringify({ name: "Home Club" }),
    );
    expect(created).toMatchObject({ status: 201, body: { name: "Home Club" } });
  });
});
