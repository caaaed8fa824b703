export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff";
export { defaultNotificationsApiUrl, defaultSessionUrl, defaultSocketUrl } from "./default-urls";
export { fetchHistoryPage, HistoryUnavailableError, type ParsedHistoryPage } from "./history";
export { type InboxNotification, mergeNotifications } from "./merge-notifications";
export type { ReceivedNotification } from "./notification-list";
export {
  type ConnectionSnapshot,
  type ConnectionStatus,
  NotificationsConnection,
  type NotificationsError,
  type ReadTarget,
} from "./notifications-connection";
export { NO_READ_MARKS, type ReadMarks, readAtOf } from "./read-marks";
export { seqStorageKey } from "./seq-storage";
export {
  notificationHistoryKey,
  type UseNotificationHistoryOptions,
  useNotificationHistory,
} from "./use-notification-history";
export {
  type LiveNotification,
  type UseNotificationsOptions,
  type UseNotificationsResult,
  useNotifications,
} from "./use-notifications";
