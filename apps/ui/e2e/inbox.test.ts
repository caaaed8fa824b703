import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announce } from "../../../scripts/lib/admin.ts";
import { notificationsOfType, signIn, toasts, waitForStatus } from "./browser.ts";
import { type E2eStack, SCREENSHOTS, startE2eStack } from "./fixture.ts";

const run = Date.now().toString(36);
const alice = { id: `alice-inbox-${run}`, name: "Alice" };
const bob = { id: `bob-inbox-${run}`, name: "Bob" };
const READS = 20;

let e2e: E2eStack;
let alicePage: Page;
let bobTab1: Page;
let bobTab2: Page;
/** Bob in a second browser context: another window with its own cookie, as another device would be. */
let bobElsewhere: Page;

beforeAll(async () => {
  e2e = await startE2eStack("inbox");
  const aliceContext = await e2e.newContext();
  const bobContext = await e2e.newContext();
  const bobOtherContext = await e2e.newContext();
  alicePage = await aliceContext.newPage();
  bobTab1 = await bobContext.newPage();
  bobTab2 = await bobContext.newPage();
  bobElsewhere = await bobOtherContext.newPage();
  await signIn(alicePage, alice.id, alice.name);
  await signIn(bobTab1, bob.id, bob.name);
  await bobTab2.goto(bobTab1.url());
  await signIn(bobElsewhere, bob.id, bob.name);
  for (const page of [alicePage, bobTab1, bobTab2, bobElsewhere]) await waitForStatus(page, "open", 15_000);
});

afterAll(() => e2e?.stop());

const bobPages = () => [bobTab1, bobTab2, bobElsewhere];

function unreadIs(page: Page, unread: number, timeout: number) {
  return page.waitForFunction(
    (expected) => document.querySelector('[data-testid="unread-badge"]')?.getAttribute("data-unread") === expected,
    String(unread),
    { timeout, polling: "raf" },
  );
}

async function createGroup(page: Page, name: string): Promise<string> {
  await page.getByTestId("create-group-name").fill(name);
  await page.getByTestId("create-group-submit").click();
  const item = page.getByTestId("group-item").filter({ hasText: name });
  await item.waitFor();
  await item.getByTestId("group-open").click();
  await page.locator('[data-testid="group-details"]').filter({ hasText: name }).waitFor();
  return (await page.getByTestId("group-id").textContent()) ?? "";
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

describe("bob's inbox in two tabs and a second browser", () => {
  let mutedGroupId = "";

  it("clears the badge in bob's other tab and other browser within 1 s of a read in tab 1, and prints the median of 20 reads", async () => {
    mutedGroupId = await createGroup(alicePage, "Quiet Club");
    await alicePage.getByTestId("invite-user-id").fill(bob.id);
    await alicePage.getByTestId("invite-submit").click();
    for (const page of bobPages()) {
      await notificationsOfType(page, "group.invitation.received").first().waitFor({ timeout: 5_000 });
    }
    await bobTab1.getByTestId("invitation-accept").first().click();
    await bobTab1.getByTestId("mark-all-read").click();
    for (const page of bobPages()) await unreadIs(page, 0, 5_000);

    const times: number[] = [];
    for (let i = 0; i < READS; i++) {
      const [published] = (await announce([bob.id], { title: `Note ${i}`, body: "Read me.", severity: "info" }))
        .published;
      const item = `[data-testid="notification-item"][data-id="${published?.id}"]`;
      for (const page of bobPages()) {
        await page.locator(item).waitFor({ timeout: 5_000 });
        await unreadIs(page, 1, 5_000);
      }
      const readAt = Date.now();
      await bobTab1.locator(item).getByTestId("mark-read").click();
      // The first read is held to the 1 s the design promises; the rest are measured.
      const bound = i === 0 ? 1_000 : 5_000;
      await Promise.all([unreadIs(bobTab2, 0, bound), unreadIs(bobElsewhere, 0, bound)]);
      times.push(Date.now() - readAt);
      expect(await bobElsewhere.locator(item).getAttribute("data-read")).toBe("true");
    }
    console.log(
      `read in tab 1 -> badge cleared in tab 2 and the other browser: median ${median(times)} ms of ${READS} (min ${Math.min(...times)}, max ${Math.max(...times)})`,
    );
    await bobTab2.screenshot({ path: join(SCREENSHOTS, "inbox-1-read-elsewhere.png"), fullPage: true });
  });

  it("shows and counts nothing from a group bob muted, while an invitation to another group still arrives with its toast", async () => {
    const group = bobTab1.locator(`[data-testid="group-item"][data-group-id="${mutedGroupId}"]`);
    await group.getByTestId("group-open").click();
    await bobTab1.getByTestId("mute-group").click();
    await bobTab1.locator('[data-testid="mute-group"][data-muted="true"]').waitFor({ timeout: 5_000 });
    await group.getByTestId("group-muted").waitFor({ timeout: 5_000 });

    await alicePage.locator(`[data-testid="member-item"][data-user-id="${bob.id}"]`).getByTestId("grant-admin").click();
    await alicePage.locator(`[data-testid="member-item"][data-user-id="${bob.id}"][data-role="admin"]`).waitFor();

    const otherGroup = await createGroup(alicePage, "Loud Club");
    expect(otherGroup).not.toBe(mutedGroupId);
    await alicePage.getByTestId("invite-user-id").fill(bob.id);
    await alicePage.getByTestId("invite-submit").click();
    for (const page of bobPages()) {
      await toasts(page).filter({ hasText: "Loud Club" }).first().waitFor({ timeout: 5_000 });
      await unreadIs(page, 1, 5_000);
    }
    // The grant was published before the invitation: had it been shown, it would be by now.
    for (const page of bobPages()) {
      expect(await notificationsOfType(page, "group.admin.granted").count()).toBe(0);
      expect(await toasts(page).filter({ hasText: "made you an admin" }).count()).toBe(0);
    }
    await bobTab2.screenshot({ path: join(SCREENSHOTS, "inbox-2-muted.png"), fullPage: true });
  });

  it("lists everything after a reload from the history, with the right read state and without the muted one", async () => {
    await bobTab1.reload();
    await waitForStatus(bobTab1, "open", 15_000);
    const items = bobTab1.getByTestId("notification-item");
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(READS + 2);
    const unread = bobTab1.locator('[data-testid="notification-item"][data-read="false"]');
    expect(await unread.count()).toBe(1);
    expect(await unread.getAttribute("data-type")).toBe("group.invitation.received");
    expect(await notificationsOfType(bobTab1, "group.admin.granted").count()).toBe(0);
    expect(await notificationsOfType(bobTab1, "system.announcement").count()).toBe(READS);
    await unreadIs(bobTab1, 1, 5_000);
    // The grant did happen: the object kept it, as muted.
    const statuses = await bobTab1.evaluate(async () => {
      const page: { items: { type: string; status: string }[] } = await (
        await fetch("/api/notifications?limit=100")
      ).json();
      return page.items.filter((item) => item.type === "group.admin.granted").map((item) => item.status);
    });
    expect(statuses).toEqual(["muted"]);
    await bobTab1.screenshot({ path: join(SCREENSHOTS, "inbox-3-history.png"), fullPage: true });
  });
});
