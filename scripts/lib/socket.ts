/**
 * A WebSocket that carries the session as a Bearer header. Node's WebSocket
 * (undici) takes `{ headers }` where the DOM typing only knows protocols.
 */
export function connectWithToken(url: string, token: string): WebSocket {
  const init = { headers: { Authorization: `Bearer ${token}` } };
  return new WebSocket(url, init as unknown as string[]);
}

export function opened(socket: WebSocket): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () => resolve(socket));
    socket.addEventListener("error", () => reject(new Error(`could not connect to ${socket.url}`)));
  });
}
