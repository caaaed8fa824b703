import { NotificationFrame, ServerFrame } from "@repo/notifications/client";
import { z } from "zod";

export type ParsedServerFrame = { ok: true; frame: ServerFrame } | { ok: false; reason: string };

const Envelope = z.object({ type: z.string() });

/**
 * Reads one WebSocket message from the server. Never throws: a frame this
 * client cannot understand (binary, not JSON, an unknown type, data of the
 * wrong shape) comes back with a reason a person can read.
 */
export function parseServerFrame(data: unknown): ParsedServerFrame {
  if (typeof data !== "string") return { ok: false, reason: "binary frame (the protocol sends JSON text)" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, reason: `frame is not JSON: ${truncate(data)}` };
  }
  const parsed = ServerFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) return { ok: false, reason: "frame has no type" };
  // Re-check against the notification schema alone: the union's own error only says "no variant matched".
  const notification = NotificationFrame.safeParse(json);
  const detail = notification.success ? "" : `: ${z.prettifyError(notification.error).replaceAll("\n", " ")}`;
  return { ok: false, reason: `invalid "${truncate(envelope.data.type)}" frame${detail}` };
}

function truncate(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
