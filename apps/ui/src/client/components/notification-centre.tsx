import type { NotificationsError, ReceivedNotification } from "../hooks/useNotifications";
import { describeEvent } from "../notifications/wording";

interface NotificationCentreProps {
  notifications: readonly ReceivedNotification[];
  lastError: NotificationsError | null;
}

export function NotificationCentre({ notifications, lastError }: NotificationCentreProps) {
  return (
    <section className="panel notification-centre" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">
        Notifications <span className="count">{notifications.length}</span>
      </h2>
      {notifications.length === 0 ? (
        <p className="hint">
          Nothing yet. Invitations, membership and admin changes show up here the moment they happen.
        </p>
      ) : (
        <ol className="notification-list" data-testid="notification-list">
          {notifications.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} />
          ))}
        </ol>
      )}
      {lastError && (
        <p className="error small" data-testid="notification-error">
          Last problem with the live connection: {lastError.message}
        </p>
      )}
    </section>
  );
}

function NotificationItem({ notification }: { notification: ReceivedNotification }) {
  const { title, description, tone } = describeEvent(notification);
  const time = new Date(notification.timestamp);
  return (
    <li
      className={`notification tone-${tone}`}
      data-testid="notification-item"
      data-type={notification.type}
      data-id={notification.id}
      data-acknowledged={String(notification.acknowledged)}
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
    </li>
  );
}

function AckState({ notification }: { notification: ReceivedNotification }) {
  if (!notification.requiresAck) return <span className="chip">no ack needed</span>;
  return notification.acknowledged ? (
    <span className="chip chip-done">acknowledged</span>
  ) : (
    <span className="chip chip-pending">needs ack</span>
  );
}
