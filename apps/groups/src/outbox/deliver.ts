/** What the delivery pass needs to know about an entry. */
export interface Deliverable {
  id: number;
  /** Entries with the same key go out one after another, in id order. */
  orderKey: string;
}

export interface DeliveryOutcome {
  delivered: number[];
  /** `permanent`: the receiver refused the entry itself; trying again as it is cannot help. */
  failed: { id: number; error: string; permanent: boolean }[];
  /** Not attempted because the earlier entry `behind` with the same key failed: they wait for it. */
  held: { id: number; behind: number }[];
}

/**
 * Sends `entries` (in id order): different keys in parallel, the entries of
 * one key sequentially, so one recipient sees one group's events in the order
 * they happened. The first failure of a key holds back the rest of that key
 * until the next pass. `send` rejects on any failure; it never throws synchronously.
 */
export async function deliverInOrder<E extends Deliverable>(
  entries: readonly E[],
  send: (entry: E) => Promise<void>,
  isPermanent: (error: unknown) => boolean = () => false,
): Promise<DeliveryOutcome> {
  const queues = new Map<string, E[]>();
  for (const entry of [...entries].sort((a, b) => a.id - b.id)) {
    const queue = queues.get(entry.orderKey);
    if (queue) queue.push(entry);
    else queues.set(entry.orderKey, [entry]);
  }
  const outcome: DeliveryOutcome = { delivered: [], failed: [], held: [] };
  await Promise.all(
    [...queues.values()].map(async (queue) => {
      for (const [index, entry] of queue.entries()) {
        try {
          await send(entry);
          outcome.delivered.push(entry.id);
        } catch (error) {
          outcome.failed.push({
            id: entry.id,
            error: error instanceof Error ? error.message : String(error),
            permanent: isPermanent(error),
          });
          outcome.held.push(...queue.slice(index + 1).map((held) => ({ id: held.id, behind: entry.id })));
          return;
        }
      }
    }),
  );
  return outcome;
}
