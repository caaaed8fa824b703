import { BareDO } from "./bare-do";

export { BareDO };

interface PublishBody {
  userIds: string[];
  type?: unknown;
  data?: unknown;
}

/** Only what routing needs: the notifications worker validates the whole body, the floor does not. */
function isPublishBody(body: unknown): body is PublishBody {
  return (
    typeof body === "object" &&
    body !== null &&
    "userIds" in body &&
    Array.isArray(body.userIds) &&
    body.userIds.every((id) => typeof id === "string")
  );
}

/**
 * The routes `pnpm bench` drives, shaped like the notifications worker's so one client measures both:
 * `GET /ws/<user>` (no session: the user is the path) and `POST /admin/notifications`, which calls
 * each user's object by RPC as the notifications worker does.
 */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/health") return Response.json({ ok: true, service: "bench-bare" });
    if (pathname.startsWith("/ws/") && request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      return env.BARE.getByName(decodeURIComponent(pathname.slice("/ws/".length))).fetch(request);
    }
    if (pathname === "/admin/notifications" && request.method === "POST") {
      const body: unknown = await request.json().catch(() => null);
      if (!isPublishBody(body)) return Response.json({ error: "expected { userIds: string[] }" }, { status: 400 });
      const frame = JSON.stringify({ type: body.type, timestamp: Date.now(), data: body.data });
      const sent = await Promise.all(body.userIds.map((userId) => env.BARE.getByName(userId).publish(frame)));
      return Response.json({ delivered: sent.reduce((sum, count) => sum + count, 0) });
    }
    return Response.json({ error: "not found" }, { status: 404 });
  },
} satisfies ExportedHandler<Env>;
