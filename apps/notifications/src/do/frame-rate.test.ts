import { describe, expect, it } from "vitest";
import { fullBucket, takeFrame } from "./frame-rate";

const RATE = { ratePerSecond: 20, burst: 60 };

describe("the frame token bucket", () => {
  it("accepts a burst of 60 frames at once, then refuses the 61st", () => {
    const bucket = fullBucket(0, RATE);
    for (let i = 0; i < 60; i++) expect(takeFrame(bucket, 0, RATE)).toBe("accept");
    expect(takeFrame(bucket, 0, RATE)).toBe("refuse");
  });

  it("refills 20 frames a second and never above the burst", () => {
    const bucket = fullBucket(0, RATE);
    for (let i = 0; i < 60; i++) takeFrame(bucket, 0, RATE);
    expect(takeFrame(bucket, 50, RATE)).toBe("accept");
    expect(takeFrame(bucket, 50, RATE)).toBe("refuse");
    const idle = fullBucket(0, RATE);
    takeFrame(idle, 3_600_000, RATE);
    expect(idle.tokens).toBe(59);
  });

  it("keeps serving a client that sends steadily at the rate, forever", () => {
    const bucket = fullBucket(0, RATE);
    for (let i = 0; i < 10_000; i++) expect(takeFrame(bucket, i * 50, RATE)).toBe("accept");
  });

  it("refuses part of the frames of a client at twice the rate but does not close it", () => {
    const bucket = fullBucket(0, RATE);
    const verdicts = Array.from({ length: 2_000 }, (_, i) => takeFrame(bucket, i * 25, RATE));
    expect(verdicts).toContain("refuse");
    expect(verdicts).not.toContain("close");
  });

  it("closes a flood: the burst is accepted, the next 60 are refused, the one after closes", () => {
    const bucket = fullBucket(0, RATE);
    const verdicts = Array.from({ length: 121 }, () => takeFrame(bucket, 0, RATE));
    expect(verdicts.filter((verdict) => verdict === "accept")).toHaveLength(60);
    expect(verdicts.filter((verdict) => verdict === "refuse")).toHaveLength(60);
    expect(verdicts.at(-1)).toBe("close");
  });

  it("closes a client that sends at three times the rate within a few seconds", () => {
    const bucket = fullBucket(0, RATE);
    let closedAt = -1;
    for (let i = 0; i < 1_000 && closedAt < 0; i++) {
      if (takeFrame(bucket, Math.round((i * 1_000) / 60), RATE) === "close") closedAt = (i * 1_000) / 60;
    }
    expect(closedAt).toBeGreaterThan(2_000);
    expect(closedAt).toBeLessThan(10_000);
  });
});
