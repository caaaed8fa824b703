// For vitest configs (Node side): the real notifications and groups workers, as built by
// `pnpm -F notifications build` / `pnpm -F groups build`, to run next to a worker under test.

const dist = (app: string) => new URL(`../../../apps/${app}/dist/`, import.meta.url).pathname;
const COMPATIBILITY = { compatibilityDate: "2026-10-12", compatibilityFlags: ["nodejs_compat"] };

/**
 * The `ENVIRONMENT` of an auxiliary worker: "test" unless the worker under test runs as another,
 * since the name of the session cookie the workers read depends on it.
 */
type Environment = "test" | "development" | "production";

/**
 * The notifications worker. Its audit log is not under test: the outbox flushes only after ten
 * minutes, into a queue nothing consumes, and the hyperdrive names a closed port.
 */
export function notificationsWorker(options: {
  sessionSecret: string;
  allowedOrigins?: string;
  environment?: Environment;
}) {
  const root = dist("notifications");
  return {
    name: "notifications",
    modules: true,
    modulesRoot: root,
    scriptPath: `${root}index.js`,
    ...COMPATIBILITY,
    durableObjects: { NOTIFICATIONS: { className: "NotificationsDO", useSQLite: true } },
    bindings: {
      ENVIRONMENT: options.environment ?? "test",
      SESSION_SECRET: options.sessionSecret,
      ADMIN_TOKEN: "test-admin-token-at-least-24-bytes",
      ALLOWED_ORIGINS: options.allowedOrigins ?? "",
      OUTBOX_FLUSH_DELAY_MS: "600000",
    },
    hyperdrives: { HYPERDRIVE: "postgres://postgres:unused@127.0.0.1:9/none" },
    queueProducers: { AUDIT_QUEUE: "notifications-audit" },
  };
}

/** The groups worker, publishing to the notifications worker above, with short outbox retries. */
export function groupsWorker(options: { sessionSecret: string; environment?: Environment }) {
  const root = dist("groups");
  return {
    name: "groups",
    modules: true,
    modulesRoot: root,
    scriptPath: `${root}index.js`,
    ...COMPATIBILITY,
    durableObjects: {
      GROUPS: { className: "GroupsDO", useSQLite: true },
      USER_DIRECTORY: { className: "UserDirectoryDO", useSQLite: true },
      NOTIFICATIONS: { className: "NotificationsDO", scriptName: "notifications", useSQLite: true },
    },
    bindings: {
      ENVIRONMENT: options.environment ?? "test",
      SESSION_SECRET: options.sessionSecret,
      OUTBOX_BASE_DELAY_MS: "50",
      OUTBOX_MAX_DELAY_MS: "400",
      PUBLISH_TIMEOUT_MS: "2000",
    },
  };
}
