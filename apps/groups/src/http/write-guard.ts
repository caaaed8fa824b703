import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type WriteRefusal = { status: 403 | 415; error: string } | null;

/**
 * Why a write must be refused, or null to let it through. A write must say
 * it is JSON: a cross-site HTML form can only send form or text bodies, and
 * a cross-site fetch that sets `application/json` needs a CORS preflight
 * this worker never grants. When a browser names where a request came from
 * (`Sec-Fetch-Site`, `Origin`), it must be this very origin; the UI worker
 * forwards its requests unchanged, so the origin of the request's own URL is
 * the UI's and its same-origin calls pass. Clients that are not browsers
 * (scripts, curl) send neither header and are judged by their session alone.
 */
export function writeRefusal(request: {
  method: string;
  url: string;
  contentType: string | undefined;
  origin: string | undefined;
  fetchSite: string | undefined;
}): WriteRefusal {
  if (!WRITES.has(request.method.toUpperCase())) return null;
  const mediaType = request.contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return { status: 415, error: "writes must be sent with Content-Type: application/json" };
  }
  if (request.fetchSite !== undefined && request.fetchSite.toLowerCase() !== "same-origin") {
    return { status: 403, error: "cross-site writes are refused" };
  }
  if (request.origin !== undefined && request.origin !== new URL(request.url).origin) {
    return { status: 403, error: "cross-origin writes are refused" };
  }
  return null;
}

/** Applies `writeRefusal` to every request under the routes it guards. */
export const guardWrites = createMiddleware<AppEnv>(async (c, next) => {
  const refusal = writeRefusal({
    method: c.req.method,
    url: c.req.url,
    contentType: c.req.header("Content-Type"),
    origin: c.req.header("Origin"),
    fetchSite: c.req.header("Sec-Fetch-Site"),
  });
  if (refusal) return c.json({ error: refusal.error }, refusal.status);
  await next();
});
