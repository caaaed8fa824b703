import { NOTIFICATIONS_URL } from "./admin.ts";

/**
 * An open notifications socket with `token` as the session, on the running notifications worker.
 * Node's WebSocket (undici) takes `{ headers }` where the DOM typing only knows protocols.
 */
export function openNotificationsSocket(token: string): Promise<WebSocket> {
  const init = { headers: { Authorization: `Bearer ${token}` } };
  const socket = new WebSocket(
    `${NOTIFICATIONS_URL.replace(/^http/, "ws")}/ws/notifications`,
    init as unknown as string[],
  );
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve(socket));
    socket.addEventListener("error", () => reject(new Error(`could not connect to ${socket.url}`)));
  });
}
