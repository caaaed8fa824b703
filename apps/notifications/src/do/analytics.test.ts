import { describe, expect, it } from "vitest";
import { recordEvent } from "./analytics";

/** Analytics Engine cannot be queried locally: a dataset that keeps what it was given stands in for it. */
function recordingDataset() {
  const points: AnalyticsEngineDataPoint[] = [];
  return { points, dataset: { writeDataPoint: (point?: AnalyticsEngineDataPoint) => point && points.push(point) } };
}

describe("recordEvent", () => {
  it("writes the event and type as blobs, latency and sockets reached as doubles, and indexes by type", () => {
    const { points, dataset } = recordingDataset();
    recordEvent(dataset, "ack", { type: "group.invitation.received", latencyMs: 120 });
    recordEvent(dataset, "publish", { type: "system.announcement", delivered: 3 });
    recordEvent(dataset, "connect");
    expect(points).toEqual([
      { blobs: ["ack", "group.invitation.received"], doubles: [120, 0], indexes: ["group.invitation.received"] },
      { blobs: ["publish", "system.announcement"], doubles: [0, 3], indexes: ["system.announcement"] },
      { blobs: ["connect", ""], doubles: [0, 0], indexes: ["connect"] },
    ]);
  });

  it("does nothing without the binding, and never throws when the dataset refuses a point", () => {
    expect(() => recordEvent(undefined, "failed", { type: "group.admin.granted" })).not.toThrow();
    const refusing = {
      writeDataPoint: () => {
        throw new Error("too many data points");
      },
    };
    expect(() => recordEvent(refusing, "failed", { type: "group.admin.granted" })).not.toThrow();
  });
});
