import { z } from "zod";
import { EventType, eventUnion, type NotificationEvent } from "./events.ts";

export const PROTOCOL_VERSION = 1;
/** Client frames larger than this are refused with an `error` frame (§4). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

export const PING_FRAME = JSON.stringify({ type: "ping" });
export const PONG_FRAME = JSON.stringify({ type: "pong" });

// Server to client

export type NotificationFrame = NotificationEvent & {
  id: string;
  seq: number;
  timestamp: number;
  requiresAck: boolean;
};
export const NotificationFrame = eventUnion<NotificationFrame>({
  id: z.uuid(),
  seq: z.number().int().positive(),
  timestamp: z.number().int().nonnegative(),
  requiresAck: z.boolean(),
});

export const PongFrame = z.object({ type: z.literal("pong") });
export type PongFrame = z.infer<typeof PongFrame>;

export const ErrorFrame = z.object({ type: z.literal("error"), message: z.string() });
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export type ServerFrame = NotificationFrame | PongFrame | ErrorFrame;
export const ServerFrame: z.ZodType<ServerFrame> = z.union([PongFrame, ErrorFrame, NotificationFrame]);

// Client to server

export const PingFrame = z.object({ type: z.literal("ping") });
export type PingFrame = z.infer<typeof PingFrame>;

export const AckFrame = z.object({ type: z.literal("ack"), notificationId: z.string().min(1).max(100) });
export type AckFrame = z.infer<typeof AckFrame>;

export const ClientFrame = z.discriminatedUnion("type", [PingFrame, AckFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export { EventType };
