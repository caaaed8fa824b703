import { mergeNotifications, useNotificationHistory } from "@repo/notifications-react";
import { useCallback, useMemo } from "react";
import { toast } from "sonner";
import { messageOf } from "../api/http";
import type { useLiveNotifications } from "./use-live-notifications";

/**
 * The notification centre's list: the live notifications and the history
 * pages as one, each id once, with read state; and the actions on it.
 */
export function useInbox(userId: string, live: ReturnType<typeof useLiveNotifications>) {
  const history = useNotificationHistory({ userId });
  // A muted notification (design §5.0) is kept in the history but never shown.
  const items = useMemo(
    () =>
      mergeNotifications(live.notifications, history.items, live.readMarks).filter((item) => item.status !== "muted"),
    [live.notifications, history.items, live.readMarks],
  );
  const { markRead: markReadLive } = live;
  // History can know of a newer seq than this tab's socket has seen yet (a tab that just opened).
  const newestSeq = Math.max(live.lastSeq ?? 0, items[0]?.seq ?? 0);
  // A server without read state (no history either) refuses the POST; the read still shows in this tab.
  const quietly = useCallback(
    (promise: Promise<void>) => {
      promise.catch((error: unknown) => {
        if (!history.unavailable) toast.error(messageOf(error));
      });
    },
    [history.unavailable],
  );
  const markRead = useCallback((id: string) => quietly(markReadLive([id])), [markReadLive, quietly]);
  const markAllRead = useCallback(() => {
    if (newestSeq > 0) quietly(markReadLive({ upToSeq: newestSeq }));
  }, [markReadLive, newestSeq, quietly]);
  return { items, history, markRead, markAllRead };
}
