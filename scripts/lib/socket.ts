import { NOTIFICATIONS_URL } from "./admin.ts";

/**
 * An open WebSocket to `url`, sending `headers` with the upgrade.
 * Node's WebSocket (undici) takes `{ headers }` where the DOM typing only knows protocols.
 */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers } as unknown as string[]);
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve(socket));
    socket.addEventListener("error", () => reject(new Error(`could not connect to ${socket.url}`)));
  });
}

/** An open notifications socket with `token` as the session, on the running notifications worker. */
export function openNotificationsSocket(token: string): Promise<WebSocket> {
  return openSocket(`${NOTIFICATIONS_URL.replace(/^http/, "ws")}/ws/notifications`, {
    Authorization: `Bearer ${token}`,
  });
}
