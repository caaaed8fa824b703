import { useEffect } from "react";

const BASE_TITLE = "Live notifications";

/** "(3) Live notifications" while anything is unread, so a background tab shows it. */
export function useUnreadTitle(unread: number): void {
  useEffect(() => {
    document.title = unreadTitle(unread);
    return () => {
      document.title = BASE_TITLE;
    };
  }, [unread]);
}

export function unreadTitle(unread: number): string {
  return unread > 0 ? `(${unread}) ${BASE_TITLE}` : BASE_TITLE;
}
