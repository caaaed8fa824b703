import type { HistoryItem, NotificationFrame } from "@repo/notifications/client";
import type { ReceivedNotification } from "./notification-list";
import { type ReadMarks, readAtOf } from "./read-marks";

/** One notification in an inbox that joins the live list and history. */
export type InboxNotification = NotificationFrame & {
  readAt: number | null;
  /** From history: the server's delivery status. Absent on a notification only seen live. */
  status?: string;
  /** From the live list: whether this tab acknowledged it. */
  acknowledged?: boolean;
};

/**
 * The live notifications and the history pages as one list, newest first by
 * seq, each id once (a notification that arrived live and is also in a
 * history page shows once, with the live entry's fields and the history's
 * status). `readAt` is the newest knowledge: the item's own, or a read this
 * tab learnt of since (`readMarks`).
 */
export function mergeNotifications(
  live: readonly ReceivedNotification[],
  history: readonly HistoryItem[],
  readMarks: ReadMarks,
): InboxNotification[] {
  const byId = new Map<string, InboxNotification>();
  for (const item of history) byId.set(item.id, { ...item });
  for (const item of live) {
    const fromHistory = byId.get(item.id);
    byId.set(item.id, {
      ...item,
      readAt: item.readAt ?? fromHistory?.readAt ?? null,
      ...(fromHistory?.status === undefined ? {} : { status: fromHistory.status }),
    });
  }
  return [...byId.values()]
    .map((item) => ({ ...item, readAt: readAtOf(item, readMarks) }))
    .sort((a, b) => b.seq - a.seq);
}
