import type { NotificationFrame } from "@repo/notifications/client";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { DEFAULT_BACKOFF } from "../notifications/backoff";
import { defaultSessionUrl, defaultSocketUrl } from "../notifications/default-urls";
import type { ReceivedNotification } from "../notifications/notification-list";
import {
  CLOSED,
  CONNECTING,
  type ConnectionSnapshot,
  type ConnectionStatus,
  NotificationsConnection,
  type NotificationsError,
} from "../notifications/notifications-connection";

export type { ConnectionStatus, NotificationsError, ReceivedNotification };

export interface UseNotificationsOptions {
  /** Runs once per notification id, before the hook acknowledges it. */
  onNotification: (notification: NotificationFrame) => void;
  /** Invalid frames, server `error` frames and exceptions thrown by `onNotification`. */
  onError?: (error: NotificationsError) => void;
  /** False: no socket (signed out, say). Default true. */
  enabled?: boolean;
  /** Default: `ws(s)://<page host>/ws/notifications`. */
  url?: string;
  /** Asked after a failed connection attempt to tell a 401 from a network failure. Default: `<page origin>/api/session`; null never asks. */
  sessionUrl?: string | null;
  /** Identifies the signed-in session (a user id); a new value leaves `unauthorized` and opens a new socket. */
  sessionKey?: string | null;
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

export interface UseNotificationsResult {
  /** Newest first, each id once. */
  notifications: readonly ReceivedNotification[];
  isConnected: boolean;
  status: ConnectionStatus;
  lastError: NotificationsError | null;
  /** While `reconnecting`: when the next attempt starts (ms since the epoch), for a countdown. */
  nextRetryAt: number | null;
}

/**
 * The live notifications of the signed-in user over one WebSocket (design §4).
 * Inline callbacks are fine: the latest ones are read through a ref, so a new
 * function on each render never reconnects the socket.
 */
export function useNotifications(options: UseNotificationsOptions): UseNotificationsResult {
  const {
    enabled = true,
    url,
    sessionUrl,
    sessionKey,
    pingIntervalMs = 25_000,
    pongTimeoutMs = 10_000,
    stableAfterMs = 10_000,
    maxNotifications = 200,
  } = options;
  const initialMs = options.backoff?.initialMs ?? DEFAULT_BACKOFF.initialMs;
  const maxMs = options.backoff?.maxMs ?? DEFAULT_BACKOFF.maxMs;

  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  const [snapshot, setSnapshot] = useState<ConnectionSnapshot>(enabled ? CONNECTING : CLOSED);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new sessionKey is a new session, which needs a new socket.
  useEffect(() => {
    if (!enabled) {
      setSnapshot(CLOSED);
      return;
    }
    const connection = new NotificationsConnection(
      {
        url: url ?? defaultSocketUrl(window.location),
        sessionUrl: sessionUrl === undefined ? defaultSessionUrl(window.location) : sessionUrl,
        pingIntervalMs,
        pongTimeoutMs,
        stableAfterMs,
        maxNotifications,
        backoff: { initialMs, maxMs },
      },
      {
        onNotification: (notification) => latest.current.onNotification(notification),
        onError: (error) => latest.current.onError?.(error),
        onChange: setSnapshot,
        random: () => (latest.current.random ?? Math.random)(),
      },
    );
    setSnapshot(CONNECTING);
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
  }, [
    enabled,
    url,
    sessionUrl,
    sessionKey,
    pingIntervalMs,
    pongTimeoutMs,
    stableAfterMs,
    maxNotifications,
    initialMs,
    maxMs,
  ]);

  return {
    notifications: snapshot.notifications,
    isConnected: snapshot.status === "open",
    status: snapshot.status,
    lastError: snapshot.lastError,
    nextRetryAt: snapshot.nextRetryAt,
  };
}
