import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { startTestRunDatabase, type TestRunDatabase } from "@repo/postgres-local";
import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { type Stack, startStack } from "../../../scripts/lib/stack.ts";
import { launchChromium } from "./browser.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
/** Screenshots and every worker's output: CI keeps artifacts/. */
export const SCREENSHOTS = join(ROOT, "artifacts", "screenshots");
const LOGS = join(ROOT, "artifacts", "logs");

export interface E2eStack {
  database: TestRunDatabase;
  stack: Stack;
  browser: Browser;
  /** A browser context of its own (its own cookies: another person, or another device), closed by `stop`. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * The whole stack as `npm start` runs it, on a database of its own, and a
 * Chromium to drive it. `name` prefixes the database and the log files.
 */
export async function startE2eStack(name: string): Promise<E2eStack> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(LOGS, { recursive: true });
  const database = await startTestRunDatabase({
    migrationsFolder: join(ROOT, "apps", "notifications", ".migrations"),
    prefix: `e2e_${name}`,
  });
  const stack = startStack({
    databaseUrl: database.databaseUrl,
    output: (app, line) => appendFileSync(join(LOGS, `${name}-${app}.log`), `${line}\n`),
  });
  await stack.ready;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    database,
    stack,
    browser,
    async newContext(options) {
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await stack.stop();
      await database.stop();
    },
  };
}
