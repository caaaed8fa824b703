/** The Hono environment of the worker: the global `Env` that `wrangler types` generates from wrangler.jsonc. */
export type AppEnv = { Bindings: Env };

/** "development" locally (`just dev` writes it to .dev.vars): enables the sign-in-as-anyone route. */
export function isDevelopment(env: Env): boolean {
  return env.ENVIRONMENT === "development";
}
