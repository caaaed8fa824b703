/**
 * What this tab knows was read, beyond the `readAt` each frame carried: the
 * ids marked read (here or in another tab) and the highest `upToSeq` mark.
 * Applied to live and history items alike, so a `read` frame from another tab
 * also shows on notifications this tab only has from history.
 */
export interface ReadMarks {
  readonly byId: ReadonlyMap<string, number>;
  /** Everything with seq <= upToSeq was read at `upToSeqReadAt`. */
  readonly upToSeq: number;
  readonly upToSeqReadAt: number | null;
}

export const NO_READ_MARKS: ReadMarks = { byId: new Map(), upToSeq: 0, upToSeqReadAt: null };

/** A read (by ids and/or up to a seq) applied to the marks; the same object when nothing changes. */
export function addReadMarks(
  marks: ReadMarks,
  read: { ids?: readonly string[] | undefined; upToSeq?: number | undefined },
  readAt: number,
): ReadMarks {
  let byId = marks.byId;
  for (const id of read.ids ?? []) {
    if (byId.has(id)) continue;
    if (byId === marks.byId) byId = new Map(byId);
    (byId as Map<string, number>).set(id, readAt);
  }
  const raise = read.upToSeq !== undefined && read.upToSeq > marks.upToSeq;
  if (byId === marks.byId && !raise) return marks;
  return raise
    ? { byId, upToSeq: read.upToSeq ?? marks.upToSeq, upToSeqReadAt: readAt }
    : { byId, upToSeq: marks.upToSeq, upToSeqReadAt: marks.upToSeqReadAt };
}

/** When an item was read: its own `readAt`, else a mark that covers it, else null (unread). */
export function readAtOf(item: { id: string; seq: number; readAt?: number | null }, marks: ReadMarks): number | null {
  if (item.readAt !== undefined && item.readAt !== null) return item.readAt;
  const byId = marks.byId.get(item.id);
  if (byId !== undefined) return byId;
  return item.seq <= marks.upToSeq ? marks.upToSeqReadAt : null;
}
