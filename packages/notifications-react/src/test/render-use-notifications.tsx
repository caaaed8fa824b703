import type { NotificationFrame } from "@repo/notifications/client";
import { renderHook } from "@testing-library/react";
import type { NotificationsError } from "../notifications-connection";
import { type UseNotificationsOptions, type UseNotificationsResult, useNotifications } from "../use-notifications";
import type { NotificationsServer } from "./notifications-server";

type Overrides = Partial<UseNotificationsOptions>;

/**
 * Mounts `useNotifications` against `server` as `userId` (default: no user id, bob's URLs),
 * recording what reaches the callbacks. `rerender(props)` merges `props` over the first options.
 */
export function renderUseNotifications(server: NotificationsServer, options: Overrides = {}, user = "bob") {
  const received: NotificationFrame[] = [];
  const errors: NotificationsError[] = [];
  const view = renderHook<UseNotificationsResult, Overrides>(
    (props) =>
      useNotifications({
        url: server.urlFor(user),
        sessionUrl: server.sessionUrlFor(user),
        apiUrl: server.apiUrlFor(user),
        onNotification: (notification) => received.push(notification),
        onError: (error) => errors.push(error),
        ...options,
        ...props,
      }),
    { initialProps: {} },
  );
  return { ...view, received, errors };
}
