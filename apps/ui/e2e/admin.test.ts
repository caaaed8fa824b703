import { join } from "node:path";
import { signSession } from "@repo/auth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { announce } from "../../../scripts/lib/admin.ts";
import { devSettings } from "../../../scripts/lib/config.ts";
import { openNotificationsSocket } from "../../../scripts/lib/socket.ts";
import { signIn, UI, waitForStatus } from "./browser.ts";
import { type E2eStack, SCREENSHOTS, startE2eStack } from "./fixture.ts";

const run = Date.now().toString(36);
const bob = { id: `bob-${run}`, name: "Bob" };
const carol = `carol-${run}`;

let e2e: E2eStack;
let operator: Page;
/** What this test reads of a notification frame on carol's raw socket. */
const Frame = z.object({ id: z.string(), seq: z.number(), type: z.string(), data: z.unknown() });
type Frame = z.infer<typeof Frame>;
let bobPage: Page;

function figure(page: Page, key: string) {
  return page.locator(`[data-figure="${key}"] .admin-figure-value`);
}

async function figureValue(page: Page, key: string): Promise<number> {
  return Number(await figure(page, key).textContent());
}

/** Waits until the page's figure `key` is above `than` (the page refreshes every few seconds). */
async function figureAbove(page: Page, key: string, than: number, timeout = 20_000): Promise<number> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await figureValue(page, key);
    if (value > than) return value;
    if (Date.now() > deadline) throw new Error(`figure ${key} stayed at ${value}, not above ${than}`);
    await page.waitForTimeout(250);
  }
}

beforeAll(async () => {
  e2e = await startE2eStack("admin");
  const bobContext = await e2e.newContext();
  // A phone-sized screen: the page must work there.
  const operatorContext = await e2e.newContext({ viewport: { width: 390, height: 844 } });
  bobPage = await bobContext.newPage();
  await signIn(bobPage, bob.id, bob.name);
  await waitForStatus(bobPage, "open", 15_000);
  operator = await operatorContext.newPage();
});

afterAll(() => e2e?.stop());

describe("the operators' page", () => {
  it("refuses a wrong token in words, then signs in with the right one, which never appears in the URL", async () => {
    await operator.goto(`${UI}/admin`);
    await operator.getByLabel("Admin token").fill("not-the-token");
    await operator.getByRole("button", { name: "Sign in" }).click();
    await operator.getByRole("alert").filter({ hasText: "was not accepted" }).waitFor({ timeout: 15_000 });

    await operator.getByLabel("Admin token").fill(devSettings().ADMIN_TOKEN);
    await operator.getByRole("button", { name: "Sign in" }).click();
    await figure(operator, "published").waitFor({ timeout: 15_000 });
    expect(operator.url()).toBe(`${UI}/admin`);
    expect(await operator.evaluate(() => sessionStorage.getItem("admin-token"))).toBe(devSettings().ADMIN_TOKEN);
  });

  it("moves the figures after a publish that bob's tab acknowledges", async () => {
    const published = await figureValue(operator, "published");
    const acked = await figureValue(operator, "acked");
    await announce([bob.id], { title: "Figures", body: "Watch them move", severity: "info" }, true);
    expect(await figureAbove(operator, "published", published)).toBe(published + 1);
    expect(await figureAbove(operator, "acked", acked)).toBe(acked + 1);
    await operator.locator('[data-type="system.announcement"]').waitFor();
    expect(await figureValue(operator, "open")).toBeGreaterThanOrEqual(1);
  });

  it("lists a notification that was never acknowledged as failed, and resends it to the user's socket", async () => {
    const socket = await openNotificationsSocket(
      await signSession(devSettings().SESSION_SECRET, { userId: carol, name: "Carol" }),
    );
    const frames: Frame[] = [];
    socket.addEventListener("message", (event) => {
      const frame = Frame.safeParse(JSON.parse(String(event.data)));
      if (frame.success) frames.push(frame.data);
    });
    try {
      // Carol's client never acks: three rounds 5 s apart, then failed.
      const [sent] = (
        await announce([carol], { title: "Unacked", body: "Nobody will ack this", severity: "warning" }, true)
      ).published;
      const row = operator.locator(`[data-notification-id="${sent?.id}"]`);
      await row.waitFor({ timeout: 40_000 });
      // The list and the figures refresh on their own clocks: the figure follows within one refresh.
      expect(await figureAbove(operator, "failed", 0)).toBeGreaterThanOrEqual(1);
      await operator.screenshot({ path: join(SCREENSHOTS, "admin-phone.png"), fullPage: true });

      await row.getByRole("button", { name: "Resend" }).click();
      await row.getByText(/Resent as #\d+/).waitFor({ timeout: 10_000 });
      const deadline = Date.now() + 10_000;
      while (!frames.some((frame) => frame.id !== sent?.id) && Date.now() < deadline)
        await operator.waitForTimeout(100);
      const resent = frames.find((frame) => frame.id !== sent?.id);
      expect(resent).toMatchObject({ type: "system.announcement", seq: (sent?.seq ?? 0) + 1 });
      expect(resent?.data).toEqual(frames[0]?.data);
      await operator.screenshot({ path: join(SCREENSHOTS, "admin-resent-phone.png"), fullPage: true });
    } finally {
      socket.close();
    }
  });
});
