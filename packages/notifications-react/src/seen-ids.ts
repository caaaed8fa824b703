/**
 * The notification ids already handled, so a retry or a reconnect that repeats
 * a notification does not run the callback again (design §4: `id` is the
 * dedupe key). Bounded so a tab left open for weeks does not grow without end;
 * the oldest ids go first, and those are the ones the server stopped retrying
 * long ago.
 */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Records `id`; true when it had not been seen before. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
