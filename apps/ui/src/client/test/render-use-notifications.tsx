import type { NotificationFrame } from "@repo/notifications/client";
import { renderHook } from "@testing-library/react";
import {
  type NotificationsError,
  type UseNotificationsOptions,
  type UseNotificationsResult,
  useNotifications,
} from "../hooks/useNotifications";
import type { NotificationsServer } from "./notifications-server";

type Overrides = Partial<UseNotificationsOptions>;

/**
 * Mounts `useNotifications` against `server`, recording what reaches the
 * callbacks. `rerender(props)` merges `props` over the first options.
 */
export function renderUseNotifications(server: NotificationsServer, options: Overrides = {}) {
  const received: NotificationFrame[] = [];
  const errors: NotificationsError[] = [];
  const view = renderHook<UseNotificationsResult, Overrides>(
    (props) =>
      useNotifications({
        url: server.url,
        sessionUrl: server.sessionUrl,
        onNotification: (notification) => received.push(notification),
        onError: (error) => errors.push(error),
        ...options,
        ...props,
      }),
    { initialProps: {} },
  );
  return { ...view, received, errors };
}
