import { z } from "zod";
import { ApiError } from "../api/http";

const Latency = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

export const Stats = z.object({
  windowSeconds: z.number(),
  published: z.number(),
  delivered: z.number(),
  acked: z.number(),
  failed: z.number(),
  muted: z.number(),
  ackRate: z.number().nullable(),
  ackLatencyMs: Latency,
  byType: z.record(z.string(), z.object({ published: z.number(), acked: z.number(), failed: z.number() })),
  connections: z.object({ open: z.number(), users: z.number() }),
  auditBacklog: z.number(),
});
export type Stats = z.infer<typeof Stats>;

export const Series = z.object({
  windowSeconds: z.number(),
  bucketSeconds: z.number(),
  points: z.array(
    z.object({ at: z.number(), published: z.number(), acked: z.number(), failed: z.number(), ackLatencyMs: Latency }),
  ),
});
export type Series = z.infer<typeof Series>;

export const FailedList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      userId: z.string(),
      type: z.string(),
      sentAt: z.number(),
      status: z.string(),
      retryCount: z.number(),
    }),
  ),
  nextBefore: z.string().nullable(),
});
export type FailedList = z.infer<typeof FailedList>;

export const Resent = z.object({ id: z.string(), seq: z.number() });

const ErrorBody = z.object({ error: z.string() });

/** The token is sent in a header only: never in a URL, where logs and history would keep it. */
export async function adminRequest<T>(
  schema: z.ZodType<T>,
  token: string,
  path: string,
  method: "GET" | "POST" = "GET",
): Promise<T> {
  const response = await fetch(`/api/admin${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const body = ErrorBody.safeParse(json);
    throw new ApiError(response.status, wordingFor(response.status, body.success ? body.data.error : null));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, "The server answered with figures this page cannot read.");
  return parsed.data;
}

function wordingFor(status: number, error: string | null): string {
  if (status === 401) return "That admin token was not accepted. Check it and sign in again.";
  if (status === 404) return "That notification no longer exists.";
  if (status === 409) return error ?? "That notification cannot be resent any more.";
  if (status >= 500) return "The server could not answer just now. The page keeps trying.";
  return error ?? `The request failed (${status}).`;
}
