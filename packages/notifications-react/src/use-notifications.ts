import type { NotificationFrame } from "@repo/notifications/client";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { DEFAULT_BACKOFF } from "./backoff";
import { defaultNotificationsApiUrl, defaultSessionUrl, defaultSocketUrl } from "./default-urls";
import type { ReceivedNotification } from "./notification-list";
import {
  CLOSED,
  CONNECTING,
  type ConnectionSettings,
  type ConnectionStatus,
  NotificationsConnection,
  type NotificationsError,
  type ReadTarget,
} from "./notifications-connection";
import { type ReadMarks, readAtOf } from "./read-marks";

export interface UseNotificationsOptions {
  /** Runs once per notification id, before the hook acknowledges it. */
  onNotification?: (notification: NotificationFrame) => void;
  /** Invalid frames, server `error` frames and exceptions thrown by `onNotification`. */
  onError?: (error: NotificationsError) => void;
  /** False: no socket (signed out, say). Default true. */
  enabled?: boolean;
  /**
   * The signed-in user. A new value is a new session: a new socket and an empty list. It also keys the
   * resume point kept in sessionStorage, so a reload catches up; without it nothing is persisted.
   */
  userId?: string | null;
  /** Default: `ws(s)://<page host>/ws/notifications`. A new URL reconnects and keeps the list. */
  url?: string;
  /** Asked after a failed connection attempt to tell a 401 from a network failure. Default: `<page origin>/api/session`; null never asks. */
  sessionUrl?: string | null;
  /** The inbox API (§5.0); marking read `POST`s to `<apiUrl>/read` while the socket cannot carry it. Default `<page origin>/api/notifications`. */
  apiUrl?: string;
  /** Default 25 s. */
  pingIntervalMs?: number;
  /** No pong this long after a ping means the connection is dead. Default 10 s. */
  pongTimeoutMs?: number;
  /** A connection that stays open this long resets the backoff to 1 s. Default 10 s. */
  stableAfterMs?: number;
  /** Default 1 s, growing to at most 30 s. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** The jitter source; tests pin it. Default `Math.random`. */
  random?: () => number;
  /** How many notifications the list keeps. Default 200. */
  maxNotifications?: number;
}

/** A notification as the hook shows it: `readAt` resolved from the frame and every read since. */
export type LiveNotification = ReceivedNotification & { readAt: number | null };

export interface UseNotificationsResult {
  /** Newest first, each id once. */
  notifications: readonly LiveNotification[];
  /** The user's unread count: the server's (§4.1) when it has read state, else this tab's unread notifications. */
  unread: number;
  isConnected: boolean;
  status: ConnectionStatus;
  lastError: NotificationsError | null;
  /** While `reconnecting`: when the next attempt starts (ms since the epoch), for a countdown. */
  nextRetryAt: number | null;
  /** The newest seq this tab knows of (null before any). */
  lastSeq: number | null;
  /** Every read this tab knows of, for resolving `readAt` of items from elsewhere (history): see `mergeNotifications`. */
  readMarks: ReadMarks;
  /** Marks notifications read everywhere (ids, or everything up to a seq); rejects when the server refuses. */
  markRead: (target: ReadTarget) => Promise<void>;
  /** Marks everything up to `lastSeq` read. */
  markAllRead: () => Promise<void>;
}

/**
 * The live notifications of the signed-in user over one WebSocket (design §4, §4.1).
 * Inline callbacks are fine: the latest options are read through a ref, so a new
 * function or object on each render never reconnects the socket or empties the list.
 */
export function useNotifications(options: UseNotificationsOptions): UseNotificationsResult {
  const { enabled = true, userId = null, url } = options;

  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  // The store lives as long as the user: its constructor is pure (no window), so it may be made during render.
  const connection = useMemo(
    () =>
      new NotificationsConnection(userId, {
        settings: () => resolveSettings(latest.current),
        onNotification: (notification) => latest.current.onNotification?.(notification),
        onError: (error) => latest.current.onError?.(error),
        random: () => (latest.current.random ?? Math.random)(),
      }),
    [userId],
  );

  const snapshot = useSyncExternalStore(connection.subscribe, connection.getSnapshot, () =>
    enabled ? CONNECTING : CLOSED,
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new URL needs a new socket; the store keeps the list.
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    // StrictMode mounts, unmounts and mounts again in one synchronous pass; starting on a
    // microtask lets that first mount be cancelled before it opens a socket.
    queueMicrotask(() => {
      if (!cancelled) connection.start();
    });
    return () => {
      cancelled = true;
      connection.stop();
    };
  }, [connection, enabled, url]);

  const { notifications: received, readMarks } = snapshot;
  const notifications = useMemo(
    () => received.map((item) => ({ ...item, readAt: readAtOf(item, readMarks) })),
    [received, readMarks],
  );
  const localUnread = useMemo(() => notifications.filter((item) => item.readAt === null).length, [notifications]);
  const markRead = useCallback((target: ReadTarget) => connection.markRead(target), [connection]);
  const markAllRead = useCallback(() => connection.markAllRead(), [connection]);

  const status = enabled ? snapshot.status : "closed";
  return {
    notifications,
    unread: snapshot.unread ?? localUnread,
    isConnected: status === "open",
    status,
    lastError: snapshot.lastError,
    nextRetryAt: enabled ? snapshot.nextRetryAt : null,
    lastSeq: snapshot.lastSeq,
    readMarks,
    markRead,
    markAllRead,
  };
}

function resolveSettings(options: UseNotificationsOptions): ConnectionSettings {
  return {
    url: options.url ?? defaultSocketUrl(window.location),
    sessionUrl: options.sessionUrl === undefined ? defaultSessionUrl(window.location) : options.sessionUrl,
    readUrl: `${options.apiUrl ?? defaultNotificationsApiUrl(window.location)}/read`,
    pingIntervalMs: options.pingIntervalMs ?? 25_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
    stableAfterMs: options.stableAfterMs ?? 10_000,
    maxNotifications: options.maxNotifications ?? 200,
    backoff: {
      initialMs: options.backoff?.initialMs ?? DEFAULT_BACKOFF.initialMs,
      maxMs: options.backoff?.maxMs ?? DEFAULT_BACKOFF.maxMs,
    },
  };
}
