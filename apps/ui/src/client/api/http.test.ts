import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, requestJson } from "./http";

let server: Server;
let origin = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const send = (status: number, body: string, type = "application/json") => {
      response.writeHead(status, { "content-type": type });
      response.end(body);
    };
    if (request.url === "/ok") send(200, JSON.stringify({ id: "g1", name: "Rocket Club" }));
    else if (request.url === "/invalid")
      send(400, JSON.stringify({ error: "invalid group", issues: [{ path: ["name"], message: "Too small" }] }));
    else if (request.url === "/plain")
      send(503, 'Worker "groups" not found. Make sure it is running locally.', "text/plain");
    else if (request.url === "/empty") send(204, "");
    else if (request.url === "/echo")
      send(200, JSON.stringify({ method: request.method, contentType: request.headers["content-type"] ?? null }));
    else send(200, JSON.stringify({ unexpected: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function failure(path: string): Promise<ApiError> {
  const error = await requestJson(z.unknown(), `${origin}${path}`).catch((caught: unknown) => caught);
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError from ${path}`);
  return error;
}

describe("requestJson", () => {
  it("returns the body validated by the schema", async () => {
    const Group = z.object({ id: z.string(), name: z.string() });
    await expect(requestJson(Group, `${origin}/ok`)).resolves.toEqual({ id: "g1", name: "Rocket Club" });
    await expect(requestJson(z.unknown(), `${origin}/empty`)).resolves.toBeUndefined();
  });

  it("turns a JSON error into a message with each reason, keeping the status", async () => {
    const error = await failure("/invalid");
    expect(error.status).toBe(400);
    expect(error.message).toBe("invalid group — name: Too small");
  });

  it("shows a plain-text error as it came, so a newcomer sees which worker is not running", async () => {
    const error = await failure("/plain");
    expect(error.status).toBe(503);
    expect(error.message).toContain('Worker "groups" not found');
  });

  it("rejects a successful answer of the wrong shape instead of passing it on", async () => {
    await expect(requestJson(z.object({ id: z.string() }), `${origin}/other`)).rejects.toThrow(/Unexpected answer/);
  });

  it("sends Content-Type: application/json on every write, including one without a body, and none on a read", async () => {
    const Echo = z.object({ method: z.string(), contentType: z.string().nullable() });
    for (const method of ["POST", "PUT", "DELETE"] as const) {
      await expect(requestJson(Echo, `${origin}/echo`, { method })).resolves.toEqual({
        method,
        contentType: "application/json",
      });
    }
    await expect(requestJson(Echo, `${origin}/echo`)).resolves.toEqual({ method: "GET", contentType: null });
  });
});
