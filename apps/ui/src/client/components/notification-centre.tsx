import type { InboxNotification, NotificationsError } from "@repo/notifications-react";
import { useEffect, useRef } from "react";
import { messageOf } from "../api/http";
import type { useInbox } from "../hooks/use-inbox";
import { describeEvent } from "../notifications/wording";

interface NotificationCentreProps {
  inbox: ReturnType<typeof useInbox>;
  unread: number;
  lastError: NotificationsError | null;
}

export function NotificationCentre({ inbox, unread, lastError }: NotificationCentreProps) {
  const { items, history, markRead, markAllRead } = inbox;
  return (
    <section className="panel notification-centre" aria-labelledby="notifications-heading">
      <div className="panel-header">
        <h2 id="notifications-heading">
          Notifications{" "}
          <span className="count" data-testid="notification-unread-count">
            {unread} unread
          </span>
        </h2>
        <button
          type="button"
          className="small"
          data-testid="mark-all-read"
          disabled={unread === 0}
          onClick={markAllRead}
        >
          Mark all read
        </button>
      </div>
      {items.length === 0 ? (
        <p className="hint">
          Nothing yet. Invitations, membership and admin changes show up here the moment they happen.
        </p>
      ) : (
        <ol className="notification-list" data-testid="notification-list">
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} onRead={markRead} />
          ))}
          <HistoryEnd history={history} />
        </ol>
      )}
      {history.unavailable && (
        <p className="hint small" data-testid="history-unavailable">
          Older notifications are not available from this server; new ones appear here live.
        </p>
      )}
      {history.isError && !history.unavailable && (
        <p className="error small" data-testid="history-error">
          Could not load older notifications: {messageOf(history.error)}
        </p>
      )}
      {lastError && (
        <p className="error small" data-testid="notification-error">
          Last problem with the live connection: {lastError.message}
        </p>
      )}
    </section>
  );
}

/** The end of the list: loads the next history page when it scrolls into view, or on a click. */
function HistoryEnd({ history }: { history: NotificationCentreProps["inbox"]["history"] }) {
  const ref = useRef<HTMLButtonElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  useEffect(() => {
    const element = ref.current;
    if (element === null || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  if (!hasNextPage) return null;
  return (
    <li className="history-end">
      <button
        ref={ref}
        type="button"
        className="small"
        data-testid="load-older"
        disabled={isFetchingNextPage}
        onClick={() => void fetchNextPage()}
      >
        {isFetchingNextPage ? "Loading…" : "Load older"}
      </button>
    </li>
  );
}

function NotificationItem({ notification, onRead }: { notification: InboxNotification; onRead: (id: string) => void }) {
  const { title, description, tone } = describeEvent(notification);
  const time = new Date(notification.timestamp);
  const unread = notification.readAt === null;
  return (
    <li
      className={`notification tone-${tone}${unread ? " unread" : ""}`}
      data-testid="notification-item"
      data-type={notification.type}
      data-id={notification.id}
      data-read={String(!unread)}
      data-acknowledged={String(notification.acknowledged ?? notification.status === "acked")}
    >
      <div className="notification-meta">
        <time dateTime={time.toISOString()} title={time.toLocaleString()}>
          {time.toLocaleTimeString()}
        </time>
        <code>{notification.type}</code>
        <AckState notification={notification} />
      </div>
      <p className="notification-title">{title}</p>
      {description && <p className="notification-description">{description}</p>}
      {unread && (
        <button type="button" className="small link" data-testid="mark-read" onClick={() => onRead(notification.id)}>
          Mark read
        </button>
      )}
    </li>
  );
}

function AckState({ notification }: { notification: InboxNotification }) {
  if (!notification.requiresAck) return <span className="chip">no ack needed</span>;
  const acknowledged = notification.acknowledged ?? notification.status === "acked";
  return acknowledged ? (
    <span className="chip chip-done">acknowledged</span>
  ) : (
    <span className="chip chip-pending">needs ack</span>
  );
}
