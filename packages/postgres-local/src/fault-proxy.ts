import { createServer as createHttpServer } from "node:http";
import { createConnection, createServer, type Socket } from "node:net";

export interface FaultProxy {
  /** The database URL that goes through the proxy. */
  url: string;
  /** `POST {controlUrl}/down` cuts every connection and refuses new ones; `POST {controlUrl}/up` lets them through. */
  controlUrl: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of Postgres that tests can switch off and on, so
 * "Postgres unreachable" is a real refused connection and not a mock.
 */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 5432);
  let up = true;
  const open = new Set<Socket>();

  const proxy = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: targetPort });
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));

  const control = createHttpServer((request, response) => {
    if (request.method === "POST" && (request.url === "/down" || request.url === "/up")) {
      up = request.url === "/up";
      if (!up) for (const socket of open) socket.destroy();
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));

  const proxied = new URL(targetUrl);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(portOf(proxy.address()));
  return {
    url: proxied.toString(),
    controlUrl: `http://127.0.0.1:${portOf(control.address())}`,
    async close() {
      for (const socket of open) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => proxy.close(() => resolve())),
        new Promise<void>((resolve) => control.close(() => resolve())),
      ]);
    },
  };
}

function portOf(address: ReturnType<ReturnType<typeof createServer>["address"]>): number {
  if (address === null || typeof address === "string") throw new Error("server is not listening on a TCP port");
  return address.port;
}
