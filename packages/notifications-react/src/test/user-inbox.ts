import type { NotificationFrame } from "@repo/notifications/client";

export interface StoredNotification {
  frame: NotificationFrame;
  readAt: number | null;
}

/** One user's stored notifications and read state in the test server, as the Durable Object keeps them (§4.1, §5.0). */
export class UserInbox {
  private readonly items: StoredNotification[] = [];

  /** Stores `frame` under the next seq (its own seq is replaced, as the object assigns them). */
  add(frame: NotificationFrame): StoredNotification {
    const stored = { frame: { ...frame, seq: this.lastSeq() + 1 }, readAt: null };
    this.items.push(stored);
    return stored;
  }

  lastSeq(): number {
    return this.items.at(-1)?.frame.seq ?? 0;
  }

  after(seq: number): StoredNotification[] {
    return this.items.filter((item) => item.frame.seq > seq);
  }

  unread(): number {
    return this.items.filter((item) => item.readAt === null).length;
  }

  /** Marks read, idempotently (a read notification keeps its first readAt); returns the time of this read. */
  markRead(read: { ids?: string[]; upToSeq?: number }): number {
    const readAt = Date.now();
    for (const item of this.items) {
      const hit = read.ids?.includes(item.frame.id) || (read.upToSeq !== undefined && item.frame.seq <= read.upToSeq);
      if (hit && item.readAt === null) item.readAt = readAt;
    }
    return readAt;
  }

  /** A §5.0 history page: newest first, seqs below `before`. */
  page(limit: number, before: number | null) {
    const older = this.items.filter((item) => before === null || item.frame.seq < before).reverse();
    const page = older.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((item) => ({ ...item.frame, status: "delivered", readAt: item.readAt })),
      unread: this.unread(),
      nextBefore: older.length > limit && last ? last.frame.seq : null,
    };
  }
}
