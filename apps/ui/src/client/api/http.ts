import { z } from "zod";

/** An HTTP error from our own API, with the message its JSON body gave. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const Issue = z.object({ message: z.string(), path: z.array(z.union([z.string(), z.number()])).optional() });
const ErrorBody = z.object({
  error: z.string().optional(),
  message: z.string().optional(),
  issues: z.array(Issue).optional(),
});

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
}

/** Calls one of our JSON endpoints (same origin, session cookie included) and validates what comes back. */
export async function requestJson<T>(schema: z.ZodType<T>, path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", body } = options;
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    // Every write says it is JSON, body or not: the groups worker refuses writes of any other
    // type (415), which a cross-site form cannot forge without a CORS preflight.
    headers: method === "GET" ? undefined : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) throw new ApiError(response.status, errorMessage(response, json, text));
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, `Unexpected answer from ${method} ${path}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorMessage(response: Response, json: unknown, text: string): string {
  const parsed = ErrorBody.safeParse(json);
  const fallback = `${response.status} ${response.statusText || "request failed"}`;
  // Plain text comes from the platform rather than our workers, e.g. the local dev
  // registry's 'Worker "groups" not found. Make sure it is running locally.'
  if (!parsed.success) return text && json === undefined ? text.slice(0, 300) : fallback;
  const { error, message, issues = [] } = parsed.data;
  const reasons = issues.map((issue) =>
    issue.path?.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
  );
  return [error ?? message ?? fallback, ...reasons].join(" — ");
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
