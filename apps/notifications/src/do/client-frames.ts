import { ClientFrame, MAX_CLIENT_FRAME_BYTES } from "@repo/notifications";
import { z } from "zod";

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; message: string };

const encoder = new TextEncoder();

function byteLength(text: string): number {
  // A string's UTF-8 size is at most 3 bytes per UTF-16 unit; skip encoding when it cannot be too big.
  return text.length * 3 <= MAX_CLIENT_FRAME_BYTES ? text.length : encoder.encode(text).byteLength;
}

/** Reads one client frame (design §4): anything but a valid ping or ack is an error to report, never a throw. */
export function parseClientFrame(message: string | ArrayBuffer): ParsedFrame {
  if (typeof message !== "string") {
    return message.byteLength > MAX_CLIENT_FRAME_BYTES
      ? { ok: false, message: `frame too large: over ${MAX_CLIENT_FRAME_BYTES} bytes` }
      : { ok: false, message: "binary frames are not supported: send JSON text" };
  }
  if (byteLength(message) > MAX_CLIENT_FRAME_BYTES) {
    return { ok: false, message: `frame too large: over ${MAX_CLIENT_FRAME_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return { ok: false, message: "malformed frame: not JSON" };
  }
  const parsed = ClientFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const type = typeof json === "object" && json !== null && "type" in json ? json.type : undefined;
  if (typeof type === "string" && !ClientFrame.options.some((option) => option.shape.type.value === type)) {
    return { ok: false, message: `unknown frame type: ${type.slice(0, 50)}` };
  }
  return { ok: false, message: `invalid frame: ${z.prettifyError(parsed.error).slice(0, 500)}` };
}
