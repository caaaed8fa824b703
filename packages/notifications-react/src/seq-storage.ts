/**
 * The newest seq a tab has seen, per user, in sessionStorage: a reload of the
 * tab resumes after it (§4.1) instead of starting from nothing, and another
 * user signing in on the same tab never inherits it. Storage that is missing,
 * full or disabled (private modes) only loses the resume point.
 */
export function seqStorageKey(userId: string): string {
  return `notifications:last-seq:${userId}`;
}

export function loadLastSeq(userId: string): number | null {
  try {
    const text = globalThis.sessionStorage?.getItem(seqStorageKey(userId));
    if (text === null || text === undefined || !/^\d{1,15}$/.test(text)) return null;
    const value = Number(text);
    return Number.isSafeInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

export function saveLastSeq(userId: string, seq: number): void {
  try {
    globalThis.sessionStorage?.setItem(seqStorageKey(userId), String(seq));
  } catch {
    // Quota or disabled storage: the next reload starts without a resume point, nothing worse.
  }
}
