import { HISTORY_MAX_LIMIT, HistoryItem, HistoryPage } from "@repo/notifications/client";

/** The history endpoint does not exist on this server (404): a server without §5.0, not a failure to retry. */
export class HistoryUnavailableError extends Error {
  constructor() {
    super("notification history is not available on this server");
    this.name = "HistoryUnavailableError";
  }
}

export interface ParsedHistoryPage {
  items: HistoryItem[];
  unread: number;
  nextBefore: number | null;
  /** Items left out because this client cannot read them (an event type newer than the client, say). */
  skipped: number;
}

/** One page of `GET <apiUrl>?limit&before` (§5.0), newest first; throws on anything but a valid 200. */
export async function fetchHistoryPage(
  apiUrl: string,
  before: number | null,
  limit: number,
  signal?: AbortSignal,
): Promise<ParsedHistoryPage> {
  const url = new URL(apiUrl);
  url.searchParams.set("limit", String(Math.min(Math.max(1, Math.floor(limit)), HISTORY_MAX_LIMIT)));
  if (before !== null) url.searchParams.set("before", String(before));
  const response = await fetch(url, { credentials: "same-origin", ...(signal ? { signal } : {}) });
  if (response.status === 404) {
    await response.body?.cancel();
    throw new HistoryUnavailableError();
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`loading notification history failed: HTTP ${response.status}`);
  }
  const page = HistoryPage.safeParse(await response.json());
  if (!page.success) throw new Error("loading notification history failed: the answer is not a history page");
  const items: HistoryItem[] = [];
  for (const raw of page.data.items) {
    const item = HistoryItem.safeParse(raw);
    if (item.success) items.push(item.data);
  }
  return {
    items,
    unread: page.data.unread,
    nextBefore: page.data.nextBefore,
    skipped: page.data.items.length - items.length,
  };
}
