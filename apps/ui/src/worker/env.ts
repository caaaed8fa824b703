/** What the UI worker forwards to: anything with `fetch`, so tests can stand in for a service binding. */
export type Upstream = Pick<Fetcher, "fetch">;

export interface Env {
  /** The groups worker: every `/api/*` route except the session ones. */
  GROUPS: Upstream;
  /** The notifications worker: `/ws/*`. */
  NOTIFICATIONS: Upstream;
  /** "development" only under `vite dev`; enables the sign-in-as-anyone route. */
  ENVIRONMENT: string;
  /** Secret shared by the three workers (design §5.1). */
  SESSION_SECRET: string;
}

export type AppEnv = { Bindings: Env };

export function isDevelopment(env: Env): boolean {
  return env.ENVIRONMENT === "development";
}
