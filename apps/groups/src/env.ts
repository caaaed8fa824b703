import type { Actor } from "./model";

/**
 * The Hono environment of the worker: its bindings (the global `Env` that `wrangler types` generates, with
 * src/env-extras.d.ts), and the acting user once the session is verified.
 */
export type AppEnv = { Bindings: Env; Variables: { actor: Actor } };
