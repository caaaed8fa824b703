import { z } from "zod";
import { devSettings } from "./config.ts";

export const NOTIFICATIONS_URL = process.env.NOTIFICATIONS_URL ?? "http://127.0.0.1:8787";

const Published = z.object({ published: z.array(z.object({ userId: z.string(), id: z.string(), seq: z.number() })) });

export interface Announcement {
  title: string;
  body: string;
  severity: "info" | "warning" | "critical";
}

/** The raw `POST /admin/notifications` of `baseUrl`, for callers that only need the status (the benchmark). */
export function postAnnouncement(
  baseUrl: string,
  userIds: string[],
  data: Announcement,
  requiresAck?: boolean,
): Promise<Response> {
  return fetch(`${baseUrl}/admin/notifications`, {
    method: "POST",
    headers: { Authorization: `Bearer ${devSettings().ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ userIds, type: "system.announcement", data, requiresAck }),
  });
}

/** `POST /admin/notifications`: an announcement to `userIds`, with the development admin token (or ADMIN_TOKEN). */
export async function announce(
  userIds: string[],
  data: Announcement,
  requiresAck?: boolean,
  baseUrl: string = NOTIFICATIONS_URL,
): Promise<z.infer<typeof Published>> {
  const response = await postAnnouncement(baseUrl, userIds, data, requiresAck);
  if (!response.ok) throw new Error(`publish failed: ${response.status} ${await response.text()}`);
  return Published.parse(await response.json());
}
