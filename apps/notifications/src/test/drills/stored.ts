import { runInDurableObject } from "cloudflare:test";
import { NotificationStore, type StoredNotification } from "../../do/store";
import { stubFor } from "../helpers";

/** The user's stored notifications as raw columns, in seq order (readable or not). */
export function storedRows(userId: string) {
  return runInDurableObject(stubFor(userId), (_instance, state) =>
    state.storage.sql
      .exec<{ seq: number; id: string; status: string; attempts: number; data: string }>(
        "SELECT seq, id, status, attempts, data FROM notifications ORDER BY seq",
      )
      .toArray(),
  );
}

export function storedNotification(userId: string, id: string): Promise<StoredNotification | null> {
  return runInDurableObject(stubFor(userId), (_instance, state) =>
    new NotificationStore(state.storage.sql, (fn) => state.storage.transactionSync(fn)).findById(userId, id),
  );
}
