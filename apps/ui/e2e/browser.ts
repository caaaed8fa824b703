import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium by default; CHROMIUM_PATH for any other Chrome or Chromium. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH to a Chrome or Chromium binary`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const UI = "http://127.0.0.1:5173";

export async function signIn(page: Page, userId: string, name: string): Promise<void> {
  await page.goto(UI);
  await page.getByTestId("sign-in-user-id").fill(userId);
  await page.getByTestId("sign-in-name").fill(name);
  await page.getByTestId("sign-in-submit").click();
  await page.getByTestId("current-user").waitFor();
}

/** Waits until the connection badge shows `status` (connecting, open, reconnecting, closed, unauthorized). */
export async function waitForStatus(page: Page, status: string, timeout: number): Promise<void> {
  await page.locator(`[data-testid="connection-badge"][data-status="${status}"]`).waitFor({ timeout });
}

export function notificationsOfType(page: Page, type: string) {
  return page.locator(`[data-testid="notification-item"][data-type="${type}"]`);
}

export function toasts(page: Page) {
  return page.locator("[data-sonner-toast]");
}
