import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { fetchHistoryPage, HistoryUnavailableError } from "./history";
import { joinedFrame } from "./test/frames";

let http: Server | null = null;

afterEach(async () => {
  http?.closeAllConnections();
  await new Promise((resolve) => http?.close(resolve));
  http = null;
});

/** A server that answers every request with `status` and `body`; returns its URL. */
async function answering(status: number, body: string): Promise<string> {
  http = createServer((_request, response) => response.writeHead(status).end(body));
  await new Promise<void>((resolve) => http?.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  return `http://127.0.0.1:${address.port}/api/notifications`;
}

describe("fetchHistoryPage", () => {
  it("keeps the items it can read and counts the ones it cannot (an event type newer than this client)", async () => {
    const known = { ...joinedFrame({ seq: 2 }), status: "acked", readAt: null };
    const unknown = { ...known, id: crypto.randomUUID(), seq: 1, type: "discord.message.created" };
    const url = await answering(200, JSON.stringify({ items: [known, unknown], unread: 1, nextBefore: null }));
    const page = await fetchHistoryPage(url, null, 50);
    expect(page.items.map((item) => item.id)).toEqual([known.id]);
    expect(page).toMatchObject({ unread: 1, nextBefore: null, skipped: 1 });
  });

  it("throws a HistoryUnavailableError on 404", async () => {
    const url = await answering(404, "");
    await expect(fetchHistoryPage(url, null, 50)).rejects.toBeInstanceOf(HistoryUnavailableError);
  });

  it("throws a clear error on another failure status and on a body that is not a history page", async () => {
    await expect(fetchHistoryPage(await answering(500, "oops"), 3, 50)).rejects.toThrow("HTTP 500");
    http?.close();
    await expect(fetchHistoryPage(await answering(200, '{"items":"no"}'), 3, 50)).rejects.toThrow("not a history page");
  });

  it("clamps the page size to the endpoint's 1..100", async () => {
    let seen = "";
    http = createServer((request, response) => {
      seen = request.url ?? "";
      response.writeHead(200).end(JSON.stringify({ items: [], unread: 0, nextBefore: null }));
    });
    await new Promise<void>((resolve) => http?.listen(0, "127.0.0.1", resolve));
    const address = http.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    await fetchHistoryPage(`http://127.0.0.1:${address.port}/api/notifications`, 9, 500);
    expect(seen).toBe("/api/notifications?limit=100&before=9");
  });
});
