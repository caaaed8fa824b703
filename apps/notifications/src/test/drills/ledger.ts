import type { NotificationFrame } from "@repo/notifications";
import { expect } from "vitest";
import { DRILL_LINE } from "../constants";

export interface Published {
  id: string;
  seq: number;
}

export interface DrillCounts {
  /** Published notifications that no client received: not live, not on connect, not in a round, not through resume. */
  lost: number;
  /**
   * Notifications a client deduping by id would still show twice: a seq that
   * arrived under two ids, an id that arrived under two seqs, an id that was
   * never published, or one publish answered with more than one id. The same
   * frame arriving again (a round, a reconnect, a resume) is no duplicate.
   * Also counted: one seq handed out to two publishes.
   */
  duplicated: number;
}

/** Counts what was lost and duplicated between what was published and what the clients received. */
export function countDrill(published: readonly Published[], received: readonly NotificationFrame[]): DrillCounts {
  const publishedIds = new Set(published.map((entry) => entry.id));
  const receivedIds = new Set(received.map((frame) => frame.id));
  const lost = [...publishedIds].filter((id) => !receivedIds.has(id)).length;

  // What the publishes answered and what the clients got must agree: one id per seq, one seq per id.
  const idsBySeq = new Map<number, Set<string>>();
  const seqsById = new Map<string, Set<number>>();
  for (const { id, seq } of [...published, ...received]) {
    idsBySeq.set(seq, (idsBySeq.get(seq) ?? new Set()).add(id));
    seqsById.set(id, (seqsById.get(id) ?? new Set()).add(seq));
  }
  const extra = (sets: Iterable<Set<unknown>>) => [...sets].reduce((sum, set) => sum + set.size - 1, 0);
  const unpublished = [...receivedIds].filter((id) => !publishedIds.has(id)).length;
  return { lost, duplicated: extra(idsBySeq.values()) + extra(seqsById.values()) + unpublished };
}

/** Prints a drill's counts (always, see drill-report.ts) and requires both to be zero. */
export function reportDrill(drill: string, counts: DrillCounts): void {
  console.log(`${DRILL_LINE} ${drill}: lost=${counts.lost} duplicated=${counts.duplicated}\n`);
  expect(counts).toEqual({ lost: 0, duplicated: 0 });
}
