import type { NotificationFrame } from "@repo/notifications/client";

/** A notification as this tab holds it: the frame, plus whether this tab has acknowledged it. */
export type ReceivedNotification = NotificationFrame & { acknowledged: boolean };

/**
 * Adds a notification that has not been seen before, keeping the list newest
 * first by `seq` (a pending notification delivered on reconnect can arrive
 * after a newer one) and at most `limit` long.
 */
export function addNotification(
  list: readonly ReceivedNotification[],
  entry: ReceivedNotification,
  limit: number,
): ReceivedNotification[] {
  const index = list.findIndex((existing) => existing.seq < entry.seq);
  const next = index === -1 ? [...list, entry] : [...list.slice(0, index), entry, ...list.slice(index)];
  return next.slice(0, limit);
}

/** Marks one notification acknowledged; the same list when there is nothing to change. */
export function markAcknowledged(list: readonly ReceivedNotification[], id: string): readonly ReceivedNotification[] {
  if (!list.some((entry) => entry.id === id && !entry.acknowledged)) return list;
  return list.map((entry) => (entry.id === id ? { ...entry, acknowledged: true } : entry));
}
