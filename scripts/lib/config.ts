import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = `${join(import.meta.dirname, "..", "..")}/`;
export const EMBEDDED_DATA_DIR = `${ROOT}.data/postgres`;
export const EMBEDDED_PORT = 5433;
export const DEV_PID_FILE = `${ROOT}.data/dev.pid`;

/** Everything `just dev` passes to the workers: the environment's values, or development defaults. */
export function devSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    SESSION_SECRET: env.SESSION_SECRET ?? "dev-only-session-secret-change-me-0123456789",
    ADMIN_TOKEN: env.ADMIN_TOKEN ?? "dev-admin-token",
    ALLOWED_ORIGINS: env.ALLOWED_ORIGINS ?? "http://127.0.0.1:5173,http://localhost:5173",
    ENVIRONMENT: "development",
  };
}

export interface AppSpec {
  name: string;
  dir: string;
  port: number;
  command: string[];
  /** Settings of this app alone, on top of devSettings(). */
  devVars?: Record<string, string>;
}

/** The apps `just dev` starts, in order; an app whose folder is absent is skipped. */
export function devApps(): AppSpec[] {
  const apps: AppSpec[] = [
    {
      name: "notifications",
      dir: `${ROOT}apps/notifications`,
      port: 8787,
      command: ["wrangler", "dev", "--port", "8787", "--ip", "127.0.0.1", "--inspector-port", "9229"],
    },
    {
      name: "groups",
      dir: `${ROOT}apps/groups`,
      port: 8788,
      command: ["wrangler", "dev", "--port", "8788", "--ip", "127.0.0.1", "--inspector-port", "9230"],
      // Locally a restarted notifications worker is back in seconds: retry the outbox at least that often.
      devVars: { OUTBOX_MAX_DELAY_MS: "3000" },
    },
    {
      name: "ui",
      dir: `${ROOT}apps/ui`,
      port: 5173,
      command: ["vite", "--port", "5173", "--host", "127.0.0.1", "--strictPort"],
    },
  ];
  return apps.filter((app) => existsSync(`${app.dir}/package.json`) && existsSync(`${app.dir}/wrangler.jsonc`));
}
