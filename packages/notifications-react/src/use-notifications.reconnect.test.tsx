import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eventually, pause } from "./test/eventually";
import { NotificationsServer, pingCount } from "./test/notifications-server";
import { renderUseNotifications } from "./test/render-use-notifications";

let server: NotificationsServer;

beforeEach(async () => {
  server = await NotificationsServer.start();
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  Reflect.deleteProperty(document, "visibilityState");
  await server.close();
});

/** Only the hook's own timers and clock: socket and HTTP I/O stay real. */
function useFakeClock() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
}

type View = ReturnType<typeof renderUseNotifications>;

/** Waits for the hook to schedule a new retry and returns its delay from now. */
async function nextDelay(view: View, previous: number | null): Promise<number> {
  await eventually(() => {
    expect(view.result.current.status).toBe("reconnecting");
    expect(view.result.current.nextRetryAt).not.toBeNull();
    expect(view.result.current.nextRetryAt).not.toBe(previous);
  });
  return (view.result.current.nextRetryAt ?? 0) - Date.now();
}

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("useNotifications reconnects", () => {
  it("waits a jittered, doubling delay between failed attempts, from a 1 s ceiling up to at most 30 s", async () => {
    useFakeClock();
    server.behaviour.upgrade = 503;
    const jitter = [0.5, 0.9, 0.25, 0.75, 0.5, 0.6, 0.95, 0.999];
    let draw = 0;
    const view = renderUseNotifications(server, { random: () => jitter[draw++] ?? 0, pingIntervalMs: 3_600_000 });

    const delays: number[] = [];
    let previous: number | null = null;
    for (let attempt = 1; attempt <= jitter.length; attempt++) {
      await eventually(() => expect(server.upgradeAttempts).toBe(attempt));
      const delay = await nextDelay(view, previous);
      previous = view.result.current.nextRetryAt;
      delays.push(delay);
      await vi.advanceTimersByTimeAsync(delay);
    }

    // ceilings 1, 2, 4, 8, 16, 30, 30, 30 s, each scaled by its jitter draw
    expect(delays).toEqual([500, 1_800, 1_000, 6_000, 8_000, 18_000, 28_500, 29_970]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
  });

  it("goes back to the first backoff step only after a connection has stayed up", async () => {
    useFakeClock();
    server.behaviour.upgrade = 503;
    const view = renderUseNotifications(server, {
      random: () => 0.5,
      pingIntervalMs: 3_600_000,
      stableAfterMs: 10_000,
    });

    let previous: number | null = null;
    for (const expected of [500, 1_000, 2_000]) {
      const delay = await nextDelay(view, previous);
      previous = view.result.current.nextRetryAt;
      expect(delay).toBe(expected);
      if (expected === 2_000) server.behaviour.upgrade = "accept";
      await vi.advanceTimersByTimeAsync(delay);
    }
    await eventually(() => expect(view.result.current.status).toBe("open"));

    // Dropped after 1 s: not stable, the backoff keeps growing.
    await vi.advanceTimersByTimeAsync(1_000);
    server.latest().socket.close();
    const afterShortConnection = await nextDelay(view, previous);
    previous = view.result.current.nextRetryAt;
    expect(afterShortConnection).toBe(4_000);
    await vi.advanceTimersByTimeAsync(afterShortConnection);
    await eventually(() => expect(view.result.current.status).toBe("open"));

    // Dropped after 10 s: stable, so the next delay is drawn from the 1 s ceiling again.
    await vi.advanceTimersByTimeAsync(10_000);
    server.latest().socket.close();
    expect(await nextDelay(view, previous)).toBe(500);
  });

  it("shows the time of the next attempt while waiting to reconnect, and clears it once connected", async () => {
    const view = renderUseNotifications(server, { random: () => 0.5, backoff: { initialMs: 200 } });
    await eventually(() => expect(view.result.current.status).toBe("open"));
    expect(view.result.current.nextRetryAt).toBeNull();

    const closedAt = Date.now();
    server.latest().socket.close();
    await eventually(() => expect(view.result.current.status).toBe("reconnecting"));
    expect(view.result.current.nextRetryAt).toBeGreaterThanOrEqual(closedAt + 100);
    expect(view.result.current.nextRetryAt).toBeLessThanOrEqual(Date.now() + 100);

    await eventually(() => expect(view.result.current.status).toBe("open"));
    expect(view.result.current.nextRetryAt).toBeNull();
    expect(view.result.current.isConnected).toBe(true);
  });

  it("keeps a connection open for as long as the server answers its pings", async () => {
    const view = renderUseNotifications(server, { pingIntervalMs: 20, pongTimeoutMs: 60 });
    await eventually(() => expect(view.result.current.status).toBe("open"));
    await pause(200);
    expect(pingCount(server.latest())).toBeGreaterThanOrEqual(4);
    expect(server.upgradeAttempts).toBe(1);
    expect(view.result.current.status).toBe("open");
  });

  it("closes a connection whose pings go unanswered and opens a new one", async () => {
    server.behaviour.answerPings = false;
    const view = renderUseNotifications(server, { pingIntervalMs: 20, pongTimeoutMs: 50, random: () => 0 });
    await eventually(() => expect(view.result.current.status).toBe("open"));
    const silent = server.latest();

    await eventually(() => expect(server.connections.length).toBeGreaterThanOrEqual(2));
    await eventually(() => expect(silent.closed).toBe(true));
    expect(pingCount(silent)).toBe(1);
    expect(silent.socket.readyState).toBe(silent.socket.CLOSED);
  });

  it("reconnects at once when the browser comes back online instead of waiting out the backoff", async () => {
    const view = renderUseNotifications(server, { backoff: { initialMs: 60_000, maxMs: 60_000 }, random: () => 0.5 });
    await eventually(() => expect(view.result.current.status).toBe("open"));
    server.latest().socket.close();
    await eventually(() => expect(view.result.current.nextRetryAt).toBeGreaterThan(Date.now() + 20_000));

    window.dispatchEvent(new Event("online"));

    await eventually(() => expect(view.result.current.status).toBe("open"));
    expect(server.connections).toHaveLength(2);
    expect(server.open()).toHaveLength(1);
  });

  it("reconnects at once when a hidden tab becomes visible while disconnected, not when it is hidden", async () => {
    const view = renderUseNotifications(server, { backoff: { initialMs: 60_000, maxMs: 60_000 }, random: () => 0.5 });
    await eventually(() => expect(view.result.current.status).toBe("open"));
    server.latest().socket.close();
    await eventually(() => expect(view.result.current.status).toBe("reconnecting"));

    setVisibility("hidden");
    await pause(50);
    expect(server.upgradeAttempts).toBe(1);

    setVisibility("visible");
    await eventually(() => expect(view.result.current.status).toBe("open"));
    expect(server.upgradeAttempts).toBe(2);
  });

  it("does not open a second socket when the tab becomes visible while connected", async () => {
    const view = renderUseNotifications(server);
    await eventually(() => expect(view.result.current.status).toBe("open"));
    setVisibility("visible");
    window.dispatchEvent(new Event("online"));
    await pause(50);
    expect(server.upgradeAttempts).toBe(1);
    expect(view.result.current.status).toBe("open");
  });
});

// The refused upgrades answer 401 as the notifications worker does. jsdom's socket (undici) repeats a
// handshake that got 401 once, which a browser does not, so these tests count attempts from a baseline.
describe("useNotifications without a session", () => {
  it("stops retrying with status unauthorized when the session probe answers 401", async () => {
    server.behaviour = { ...server.behaviour, upgrade: 401, session: 401, answerPings: true };
    const view = renderUseNotifications(server, { random: () => 0 });

    await eventually(() => expect(view.result.current.status).toBe("unauthorized"));
    const attempts = server.upgradeAttempts;
    await pause(200);
    expect(server.upgradeAttempts).toBe(attempts);
    expect(server.sessionProbes).toBe(1);
    expect(view.result.current).toMatchObject({ status: "unauthorized", isConnected: false, nextRetryAt: null });
  });

  it("keeps retrying a failed connection while the session is still good", async () => {
    server.behaviour = { ...server.behaviour, upgrade: 503, session: 200, answerPings: true };
    const view = renderUseNotifications(server, { random: () => 0 });
    await eventually(() => expect(server.upgradeAttempts).toBeGreaterThanOrEqual(3));
    expect(view.result.current.status).not.toBe("unauthorized");
  });

  it("connects again when the user id changes after being unauthorized", async () => {
    server.behaviour = { ...server.behaviour, upgrade: 401, session: 401, answerPings: true };
    const view = renderUseNotifications(server, { userId: "bob", random: () => 0 });
    await eventually(() => expect(view.result.current.status).toBe("unauthorized"));
    const attempts = server.upgradeAttempts;

    server.behaviour = { ...server.behaviour, upgrade: "accept", session: 200, answerPings: true };
    view.rerender({ userId: "bob-again" });

    await eventually(() => expect(view.result.current.status).toBe("open"));
    expect(server.upgradeAttempts).toBe(attempts + 1);
  });

  it("connects again when the tab becomes visible after the person signed in elsewhere, and not before", async () => {
    server.behaviour = { ...server.behaviour, upgrade: 401, session: 401, answerPings: true };
    const view = renderUseNotifications(server, { random: () => 0 });
    await eventually(() => expect(view.result.current.status).toBe("unauthorized"));
    const attempts = server.upgradeAttempts;

    setVisibility("visible");
    await eventually(() => expect(server.sessionProbes).toBe(2));
    await pause(50);
    expect(view.result.current.status).toBe("unauthorized");
    expect(server.upgradeAttempts).toBe(attempts);

    server.behaviour = { ...server.behaviour, upgrade: "accept", session: 200, answerPings: true };
    setVisibility("visible");
    await eventually(() => expect(view.result.current.status).toBe("open"));
  });
});
