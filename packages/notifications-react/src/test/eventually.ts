// Captured at import, before any test installs fake timers, so waiting on real
// socket I/O keeps working while the hook's own timers are fake.
const realSetTimeout = globalThis.setTimeout;
const realNow = () => performance.now();

/** Real-time pause, unaffected by fake timers. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** Retries `assertion` until it passes or `timeoutMs` of real time is up, then rethrows its last failure. */
export async function eventually(assertion: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = realNow() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (realNow() > deadline) throw error;
    }
    await pause(5);
  }
}
