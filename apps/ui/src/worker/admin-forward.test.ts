import { describe, expect, it } from "vitest";
import { request } from "./test/helpers";

describe("the UI worker's forwarding of the operators' API", () => {
  it("hands /api/admin/* to the notifications worker as /admin/*, which asks for the admin token", async () => {
    for (const path of ["/api/admin/stats", "/api/admin/stats/series", "/api/admin/notifications?status=failed"]) {
      const response = await request(path);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "a valid admin token is required" });
    }
    const resend = await request(`/api/admin/notifications/${crypto.randomUUID()}/resend`, {
      method: "POST",
      headers: { Authorization: "Bearer not-the-admin-token" },
    });
    expect(resend.status).toBe(401);
  });

  it("leaves a path that only starts like /api/admin to the groups worker", async () => {
    const response = await request("/api/administrators");
    expect(await response.json()).not.toEqual({ error: "a valid admin token is required" });
  });
});
