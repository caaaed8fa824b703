import { sessionFromRequest } from "@repo/auth";
import { HISTORY_MAX_LIMIT, Preferences, ReadRequest } from "@repo/notifications";
import type { Context } from "hono";
import { z } from "zod";

type InboxContext = Context<{ Bindings: Env }>;

const HISTORY_DEFAULT_LIMIT = 50;

/** The query of `GET /api/notifications`: both optional, integers written in decimal. */
const HistoryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(HISTORY_MAX_LIMIT).default(HISTORY_DEFAULT_LIMIT),
  before: z.coerce.number().int().positive().optional(),
});

/** The user's object, once the session names them (design §5.0: the same session as the socket). */
async function userStub(c: InboxContext) {
  const session = await sessionFromRequest(c.env, c.req.raw);
  if (!session) return null;
  return { userId: session.sub, stub: c.env.NOTIFICATIONS.getByName(session.sub) };
}

const unauthorized = (c: InboxContext) => c.json({ error: "a valid session is required" }, 401);

async function jsonBody(c: InboxContext): Promise<unknown> {
  return c.req.json().catch(() => undefined);
}

/** `GET /api/notifications?limit&before` (§5.0): one page of history, newest first. */
export async function listHistory(c: InboxContext) {
  const user = await userStub(c);
  if (!user) return unauthorized(c);
  const query = HistoryQuery.safeParse({ limit: c.req.query("limit"), before: c.req.query("before") });
  if (!query.success) return c.json({ error: "invalid query", issues: query.error.issues }, 400);
  const page = await user.stub.history(user.userId, { limit: query.data.limit, before: query.data.before ?? null });
  return c.json(page);
}

/** `POST /api/notifications/read` (§5.0): `{ ids } | { upToSeq }` → `{ unread }`. */
export async function markRead(c: InboxContext) {
  const user = await userStub(c);
  if (!user) return unauthorized(c);
  const body = ReadRequest.safeParse(await jsonBody(c));
  if (!body.success) return c.json({ error: "invalid body", issues: body.error.issues }, 400);
  return c.json(await user.stub.markRead(user.userId, body.data));
}

/** `GET /api/preferences` (§5.0). */
export async function getPreferences(c: InboxContext) {
  const user = await userStub(c);
  if (!user) return unauthorized(c);
  return c.json(await user.stub.getPreferences(user.userId));
}

/** `PUT /api/preferences` (§5.0): replaces them; answers what is stored. */
export async function putPreferences(c: InboxContext) {
  const user = await userStub(c);
  if (!user) return unauthorized(c);
  const body = Preferences.safeParse(await jsonBody(c));
  if (!body.success) return c.json({ error: "invalid body", issues: body.error.issues }, 400);
  return c.json(await user.stub.setPreferences(user.userId, body.data));
}
