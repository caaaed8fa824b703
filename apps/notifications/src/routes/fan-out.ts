/**
 * The limits one `POST /admin/notifications` call must stay within in
 * production (Cloudflare Workers limits, developers.cloudflare.com/workers/platform/limits/):
 *
 * - Every Durable Object call is a subrequest. Workers Paid allows 10,000 per
 *   invocation by default; Workers Free allows 50 to the Internet and 1,000 to
 *   Cloudflare services such as Durable Objects. One call publishes through one
 *   RPC per recipient and makes no other subrequest, so 1,000 recipients fit
 *   every plan: that is the cap on `userIds`.
 * - An invocation has at most 6 connections open at once; more wait in the
 *   runtime's queue. Six publishes in flight keep the fan-out inside that
 *   bound instead of handing the runtime a thousand promises to queue.
 */
export const ADMIN_MAX_RECIPIENTS = 1_000;
export const ADMIN_FANOUT_CONCURRENCY = 6;

/**
 * Like `Promise.allSettled(items.map(task))`, with at most `concurrency` tasks
 * in flight: each lane starts the next item as soon as its previous one
 * settles, so one slow recipient holds up one lane, not a whole chunk.
 */
export async function settleWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("concurrency must be a positive integer");
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < items.length; index = next++) {
      try {
        results[index] = { status: "fulfilled", value: await task(items[index] as T) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}
