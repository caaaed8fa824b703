/**
 * What the real notifications worker of `real-worker.test.tsx` is started with, shared by the global
 * setup that starts it and the test that talks to it. Its own port (not `just dev`'s 8787), so the
 * test runs beside a running stack; jsdom's page is on the same host, so the session cookie set on
 * the page reaches the worker's socket as a browser's would.
 */
export const WORKER_PORT = 8807;
export const WORKER_ORIGIN = `http://127.0.0.1:${WORKER_PORT}`;
/** Development settings: short secrets are allowed and the session cookie is `session`. */
export const WORKER_SETTINGS = {
  ENVIRONMENT: "development",
  SESSION_SECRET: "real-worker-test-session-secret-0123456789",
  ADMIN_TOKEN: "real-worker-test-admin-token",
  ALLOWED_ORIGINS: WORKER_ORIGIN,
} as const;
