import type { HistoryItem } from "@repo/notifications/client";
import { describe, expect, it } from "vitest";
import { mergeNotifications } from "./merge-notifications";
import { addReadMarks, NO_READ_MARKS } from "./read-marks";
import { joinedFrame } from "./test/frames";

function historyItem(seq: number, readAt: number | null = null): HistoryItem {
  return { ...joinedFrame({ seq }), status: "delivered", readAt };
}

describe("mergeNotifications", () => {
  it("orders live and history items newest first by seq and lists each id once", () => {
    const older = historyItem(1);
    const both = historyItem(2);
    const liveOnly = { ...joinedFrame({ seq: 3 }), acknowledged: false };
    const live = [liveOnly, { ...both, readAt: undefined, acknowledged: true }];
    const merged = mergeNotifications(live, [both, older], NO_READ_MARKS);
    expect(merged.map((item) => item.id)).toEqual([liveOnly.id, both.id, older.id]);
    expect(merged[1]).toMatchObject({ acknowledged: true, status: "delivered", readAt: null });
  });

  it("shows an item read when history says so even if the live frame did not, and applies newer read marks", () => {
    const readInHistory = historyItem(1, 50);
    const unread = historyItem(2);
    const live = [{ ...readInHistory, readAt: null, acknowledged: false }];
    const marks = addReadMarks(NO_READ_MARKS, { ids: [unread.id] }, 70);
    const merged = mergeNotifications(live, [unread, readInHistory], marks);
    expect(merged.map((item) => item.readAt)).toEqual([70, 50]);
  });
});
