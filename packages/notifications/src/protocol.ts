import { z } from "zod";
import { EventType, eventUnion, type NotificationEvent } from "./events.ts";

export const PROTOCOL_VERSION = 1;
/** Client frames larger than this are refused with an `error` frame (§4). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/**
 * Close codes the server uses (besides the runtime's own). 4008: this socket
 * was the user's oldest and a new one went over the per-user socket cap; do
 * not reconnect it automatically, the newer tabs are served. 1008 (policy
 * violation): the socket kept sending frames over the rate limit.
 */
export const CLOSE_TOO_MANY_CONNECTIONS = 4008;
export const CLOSE_TOO_MANY_CONNECTIONS_REASON = "too many connections";
export const CLOSE_RATE_LIMITED = 1008;
export const CLOSE_RATE_LIMITED_REASON = "rate limit exceeded";
/** The start of the message of the `error` frame that answers a frame over the rate limit. */
export const RATE_LIMIT_MESSAGE = "rate limit exceeded";

export const PING_FRAME = JSON.stringify({ type: "ping" });
export const PONG_FRAME = JSON.stringify({ type: "pong" });

// Server to client

export type NotificationFrame = NotificationEvent & {
  id: string;
  seq: number;
  timestamp: number;
  requiresAck: boolean;
  /** §4.1: sent to resumed sockets only; when the user read it (ms since the epoch), null while unread. */
  readAt?: number | null;
};
export const NotificationFrame = eventUnion<NotificationFrame>({
  id: z.uuid(),
  seq: z.number().int().positive(),
  timestamp: z.number().int().nonnegative(),
  requiresAck: z.boolean(),
  readAt: z.number().int().nonnegative().nullable().optional(),
});

export const PongFrame = z.object({ type: z.literal("pong") });
export type PongFrame = z.infer<typeof PongFrame>;

export const ErrorFrame = z.object({ type: z.literal("error"), message: z.string() });
export type ErrorFrame = z.infer<typeof ErrorFrame>;

/**
 * The end of one resume page: every kept notification up to `lastSeq` was
 * sent. With `more`, newer ones are kept too and the client resumes again
 * with `afterSeq: lastSeq`.
 */
export const ResumedFrame = z.object({
  type: z.literal("resumed"),
  lastSeq: z.number().int().nonnegative(),
  more: z.literal(true).optional(),
  /** §4.1: the user's unread count after the resume. Optional so a client still reads a server without read state. */
  unread: z.number().int().nonnegative().optional(),
});
export type ResumedFrame = z.infer<typeof ResumedFrame>;

/**
 * §4.1: notifications were read (by ids, or every one up to `upToSeq`), in any
 * tab or device of the user; sent to every socket of the user that has resumed.
 */
export const ReadFrame = z.object({
  type: z.literal("read"),
  ids: z.array(z.string().min(1).max(100)).optional(),
  upToSeq: z.number().int().nonnegative().optional(),
  /** When they were read, ms since the epoch. */
  readAt: z.number().int().nonnegative(),
  unread: z.number().int().nonnegative(),
});
export type ReadFrame = z.infer<typeof ReadFrame>;

export type ServerFrame = NotificationFrame | PongFrame | ErrorFrame | ResumedFrame | ReadFrame;
export const ServerFrame: z.ZodType<ServerFrame> = z.union([
  PongFrame,
  ErrorFrame,
  ResumedFrame,
  ReadFrame,
  NotificationFrame,
]);

const CONTROL_TYPES: ReadonlySet<string> = new Set(["pong", "error", "resumed", "read"]);

/** Whether a server frame is a notification (its `type` an event type) rather than a control frame. */
export function isNotificationFrame(frame: ServerFrame): frame is NotificationFrame {
  return !CONTROL_TYPES.has(frame.type);
}

// Client to server

export const PingFrame = z.object({ type: z.literal("ping") });
export type PingFrame = z.infer<typeof PingFrame>;

export const AckFrame = z.object({ type: z.literal("ack"), notificationId: z.string().min(1).max(100) });
export type AckFrame = z.infer<typeof AckFrame>;

/**
 * Asks for what this client missed while it was disconnected: every stored
 * notification after `afterSeq` (none without it), then a `resumed` frame.
 * Added to version 1 without breaking it: v1 clients never send it.
 */
export const ResumeFrame = z.object({ type: z.literal("resume"), afterSeq: z.number().int().nonnegative().optional() });
export type ResumeFrame = z.infer<typeof ResumeFrame>;

/**
 * §4.1: marks notifications read for the user (every tab and device), by ids
 * or up to a seq; idempotent, unknown ids ignored.
 */
export const ReadRequestFrame = z
  .object({
    type: z.literal("read"),
    ids: z.array(z.string().min(1).max(100)).max(500).optional(),
    upToSeq: z.number().int().nonnegative().optional(),
  })
  .refine((frame) => frame.ids !== undefined || frame.upToSeq !== undefined, "read needs ids or upToSeq");
export type ReadRequestFrame = z.infer<typeof ReadRequestFrame>;

export const ClientFrame = z.discriminatedUnion("type", [PingFrame, AckFrame, ResumeFrame, ReadRequestFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export { EventType };
