import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { z } from "zod";

// A user's own actions publish no notification to them (design §3), so their other tabs of this
// browser learn of them here: the acting tab names the queries it made stale.
const CHANNEL = "ui-stale-queries";
const StaleQueries = z.array(z.array(z.string()));

/** Tells this browser's other tabs that these queries are stale. */
export function announceStaleQueries(queryKeys: readonly (readonly unknown[])[]): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(queryKeys);
  channel.close();
}

/** Refetches the queries another tab of this browser announced stale. */
export function useStaleQueriesFromOtherTabs(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent) => invalidate(queryClient, event.data);
    return () => channel.close();
  }, [queryClient]);
}

function invalidate(queryClient: QueryClient, message: unknown): void {
  const parsed = StaleQueries.safeParse(message);
  if (!parsed.success) return;
  for (const queryKey of parsed.data) void queryClient.invalidateQueries({ queryKey });
}
