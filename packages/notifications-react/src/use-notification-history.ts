import { type InfiniteData, useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { defaultNotificationsApiUrl } from "./default-urls";
import { fetchHistoryPage, HistoryUnavailableError, type ParsedHistoryPage } from "./history";

export interface UseNotificationHistoryOptions {
  /** Whose history: part of the query key, so another user never sees this one's cached pages. */
  userId: string | null;
  /** False: no request. Default true. */
  enabled?: boolean;
  /** Default `<page origin>/api/notifications`. */
  apiUrl?: string;
  /** Items per page, 1..100. Default 50. */
  pageSize?: number;
}

export const notificationHistoryKey = (userId: string | null) => ["notifications", "history", userId] as const;

/**
 * The user's stored notifications, newest first, one page at a time (§5.0,
 * `GET /api/notifications?limit&before`, cursor `nextBefore`), through
 * react-query's `useInfiniteQuery`: needs a `QueryClientProvider` above it.
 * `unavailable` is true when the server has no history endpoint (404).
 */
export function useNotificationHistory(options: UseNotificationHistoryOptions) {
  const { userId, enabled = true, apiUrl, pageSize = 50 } = options;
  const query = useInfiniteQuery<
    ParsedHistoryPage,
    Error,
    InfiniteData<ParsedHistoryPage, number | null>,
    readonly unknown[],
    number | null
  >({
    queryKey: [...notificationHistoryKey(userId), apiUrl ?? null, pageSize],
    queryFn: ({ pageParam, signal }) =>
      fetchHistoryPage(apiUrl ?? defaultNotificationsApiUrl(window.location), pageParam, pageSize, signal),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    enabled: enabled && userId !== null,
    // A server without the endpoint will not grow one on a retry.
    retry: (failures, error) => !(error instanceof HistoryUnavailableError) && failures < 2,
  });
  const pages = query.data?.pages;
  const items = useMemo(() => pages?.flatMap((page) => page.items) ?? [], [pages]);
  return {
    ...query,
    items,
    unavailable: query.error instanceof HistoryUnavailableError,
  };
}
