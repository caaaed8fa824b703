import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import type { Result } from "../do/result";
import type { AppEnv } from "../env";

/** A group action's answer as HTTP: its value with `status`, or the refusal's status with `{ error }`. */
export function respond<T>(c: Context<AppEnv>, result: Result<T>, status: ContentfulStatusCode = 200) {
  if (!result.ok) return c.json({ error: result.error }, result.status);
  return c.json(result.value, status);
}

export type Body<T> = { ok: true; value: T } | { ok: false; response: Response };

/**
 * The request's JSON body through `schema`: 400 with the zod issues when it
 * does not fit, 400 when it is not JSON. An empty body counts as `{}`, so
 * routes whose fields are all optional accept no body at all.
 */
export async function readBody<T>(c: Context<AppEnv>, schema: z.ZodType<T>): Promise<Body<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim().length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, response: c.json({ error: "the body is not valid JSON" }, 400) };
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { ok: false, response: c.json({ error: "invalid body", issues: parsed.error.issues }, 400) };
  return { ok: true, value: parsed.data };
}

/** A path parameter; Hono guarantees it on the routes that declare it. */
export function param(c: Context<AppEnv>, name: string): string {
  return c.req.param(name) ?? "";
}
