import { describe, expect, it } from "vitest";
import { addNotification, markAcknowledged, type ReceivedNotification } from "./notification-list";
import { invitationFrame } from "./test/frames";

function entry(seq: number, acknowledged = false): ReceivedNotification {
  return { ...invitationFrame({ seq }), acknowledged };
}

describe("notification list", () => {
  it("keeps the newest notification first", () => {
    let list: ReceivedNotification[] = [];
    for (const seq of [1, 2, 3]) list = addNotification(list, entry(seq), 10);
    expect(list.map((n) => n.seq)).toEqual([3, 2, 1]);
  });

  it("files a late older notification below the newer ones", () => {
    let list: ReceivedNotification[] = [];
    for (const seq of [5, 7, 6, 1]) list = addNotification(list, entry(seq), 10);
    expect(list.map((n) => n.seq)).toEqual([7, 6, 5, 1]);
  });

  it("drops the oldest entries beyond the limit", () => {
    let list: ReceivedNotification[] = [];
    for (let seq = 1; seq <= 5; seq++) list = addNotification(list, entry(seq), 3);
    expect(list.map((n) => n.seq)).toEqual([5, 4, 3]);
  });

  it("marks one notification acknowledged and leaves the list untouched when it already is", () => {
    const list = [entry(2), entry(1)];
    const target = list[1]?.id ?? "";
    const marked = markAcknowledged(list, target);
    expect(marked.map((n) => n.acknowledged)).toEqual([false, true]);
    expect(markAcknowledged(marked, target)).toBe(marked);
    expect(markAcknowledged(marked, "unknown")).toBe(marked);
  });
});
