export interface Env {
  /** The groups worker: every `/api/*` route except the session ones. */
  GROUPS: Fetcher;
  /** The notifications worker: `/ws/*`. */
  NOTIFICATIONS: Fetcher;
  /** "development" locally (`just dev` writes it to .dev.vars); enables the sign-in-as-anyone route. */
  ENVIRONMENT: string;
  /** Secret shared by the three workers (design §5.1). */
  SESSION_SECRET: string;
}

export type AppEnv = { Bindings: Env };

export function isDevelopment(env: Env): boolean {
  return env.ENVIRONMENT === "development";
}
