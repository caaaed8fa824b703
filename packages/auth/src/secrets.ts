import { createMiddleware } from "hono/factory";
import { isDevelopment } from "./session.ts";

/** A secret a worker needs, and the fewest bytes it may have outside development. */
export interface SecretRequirement {
  name: string;
  minBytes: number;
}

export const SESSION_SECRET_REQUIREMENT: SecretRequirement = { name: "SESSION_SECRET", minBytes: 32 };
export const ADMIN_TOKEN_REQUIREMENT: SecretRequirement = { name: "ADMIN_TOKEN", minBytes: 24 };

/**
 * What is wrong with the secrets in `env`, one sentence each; empty when
 * nothing is. Development accepts anything, so a fresh clone starts with
 * its short defaults; every other environment gets keys long enough that
 * guessing them is out of reach.
 */
export function secretProblems(env: Record<string, unknown>, requirements: readonly SecretRequirement[]): string[] {
  const environment = typeof env.ENVIRONMENT === "string" ? env.ENVIRONMENT : undefined;
  if (isDevelopment(environment)) return [];
  const encoder = new TextEncoder();
  return requirements.flatMap(({ name, minBytes }) => {
    const value = env[name];
    if (typeof value !== "string" || value.length === 0) return [`${name} is not set`];
    const bytes = encoder.encode(value).length;
    return bytes < minBytes ? [`${name} is ${bytes} bytes; at least ${minBytes} are required outside development`] : [];
  });
}

/**
 * Refuses every request with 500 and the reasons while the worker's secrets
 * are missing or too short: a worker cannot refuse to start, so it refuses
 * its first request, and every one after, until the secrets are fixed. The
 * reasons name the secrets, never their values; they are logged once per isolate.
 */
export function requireSecrets(requirements: readonly SecretRequirement[]) {
  let logged = false;
  // Secrets change only with a new deploy, which brings a new env: checked once per env object.
  const checked = new WeakMap<object, string[]>();
  return createMiddleware<{ Bindings: object }>(async (c, next) => {
    const problems = checked.get(c.env) ?? secretProblems({ ...c.env }, requirements);
    checked.set(c.env, problems);
    if (problems.length === 0) return next();
    if (!logged) {
      logged = true;
      console.error(JSON.stringify({ event: "misconfigured", problems, at: new Date().toISOString() }));
    }
    return c.json({ error: "the worker is misconfigured", problems }, 500);
  });
}
