import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { waitForNotifications } from "@repo/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ADMIN_MAX_RECIPIENTS } from "../../routes/fan-out";
import { TEST_ADMIN_TOKEN } from "../constants";
import { BASE, connect, setPostgres, stubFor } from "../helpers";

function admin(body: unknown) {
  return exports.default.fetch(`${BASE}/admin/notifications`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    body: JSON.stringify(body),
  });
}

const announcementTo = (userIds: string[]) => ({
  userIds,
  type: "system.announcement",
  data: { title: "Maintenance", body: "Tonight at 22:00", severity: "info" },
});

const PublishedBody = z.object({
  published: z.array(z.object({ userId: z.string(), id: z.string(), seq: z.number() })),
});

afterEach(async () => {
  await setPostgres("up");
});

describe("POST /admin/notifications to many users", () => {
  it("publishes to 1,000 users in one call, each of whom gets exactly one notification", async () => {
    const prefix = `fan-${crypto.randomUUID().slice(0, 8)}`;
    const userIds = Array.from({ length: ADMIN_MAX_RECIPIENTS }, (_, i) => `${prefix}-${i}`);
    // A few recipients are online and get it live; the others find it stored.
    const online = await Promise.all([0, 499, 999].map((i) => connect(userIds[i] ?? "")));
    // The audit log is not under test here. A thousand objects flushing at once each open their own
    // Postgres connection (design §6), a storm that would outlive this test; with Postgres cut, their
    // flushes fail at once and wait, and each object's outbox is cleared below once it has been checked.
    await setPostgres("down");

    const response = await admin(announcementTo(userIds));
    expect(response.status).toBe(200);
    const { published } = PublishedBody.parse(await response.json());
    expect(published.map((entry) => entry.userId)).toEqual(userIds);
    expect(new Set(published.map((entry) => entry.id)).size).toBe(userIds.length);
    expect(published.every((entry) => entry.seq === 1)).toBe(true);

    for (const [n, socket] of online.entries()) {
      const [frame] = await waitForNotifications(socket, 1, 5_000);
      expect(frame?.id).toBe(published[[0, 499, 999][n] ?? 0]?.id);
    }
    for (const entry of published) {
      const stored = await runInDurableObject(stubFor(entry.userId), async (_instance, state) => {
        const rows = state.storage.sql.exec<{ id: string }>("SELECT id FROM notifications").toArray();
        state.storage.sql.exec("DELETE FROM audit_outbox");
        await state.storage.deleteAlarm();
        return rows;
      });
      expect(stored).toEqual([{ id: entry.id }]);
    }
  }, 90_000);

  it("refuses a call to more than 1,000 users with 400 and publishes nothing", async () => {
    const prefix = `over-${crypto.randomUUID().slice(0, 8)}`;
    const before = (await listDurableObjectIds(env.NOTIFICATIONS)).length;
    const response = await admin(
      announcementTo(Array.from({ length: ADMIN_MAX_RECIPIENTS + 1 }, (_, i) => `${prefix}-${i}`)),
    );
    expect(response.status).toBe(400);
    expect((await listDurableObjectIds(env.NOTIFICATIONS)).length).toBe(before);
  });
});
