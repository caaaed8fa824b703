/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * What a dedupe key stands for: the publish input that first used it. A key
 * reused with another type, data or ack requirement is a caller's bug that
 * would otherwise silently drop the second notification.
 */
export async function publishFingerprint(input: {
  type: string;
  data: unknown;
  requiresAck: boolean;
}): Promise<string> {
  const text = canonicalJson({ type: input.type, data: input.data, requiresAck: input.requiresAck });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
