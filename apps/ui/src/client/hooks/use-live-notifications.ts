import { useNotifications } from "@repo/notifications-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { toast } from "sonner";
import { queryKeys } from "../api/query-keys";
import type { SessionUser } from "../api/session";
import { queriesChangedBy } from "../notifications/invalidations";
import { describeEvent, type Tone } from "../notifications/wording";

const toastByTone: Record<Tone, typeof toast.info> = {
  info: toast.info,
  success: toast.success,
  warning: toast.warning,
  error: toast.error,
};

/**
 * The signed-in user's notifications, wired to the page: a toast for each,
 * and a refetch of the queries each one makes stale, so lists update with
 * no refresh.
 */
export function useLiveNotifications(user: SessionUser) {
  const queryClient = useQueryClient();
  const live = useNotifications({
    userId: user.userId,
    onNotification: (notification) => {
      for (const queryKey of queriesChangedBy(notification)) void queryClient.invalidateQueries({ queryKey });
      // One already read (in another tab, before this one resumed) needs no toast.
      if (notification.readAt) return;
      const { title, description, tone } = describeEvent(notification);
      // The notification id as the toast id: a repeat can never stack a second toast.
      toastByTone[tone](title, { id: notification.id, description });
    },
  });

  const signedOut = live.status === "unauthorized";
  useEffect(() => {
    // The session expired or was cleared in another tab: ask again, which shows the sign-in page.
    if (signedOut) void queryClient.invalidateQueries({ queryKey: queryKeys.session });
  }, [signedOut, queryClient]);

  return live;
}
