import type { NotificationFrame } from "@repo/notifications/client";
import { cleanup } from "@testing-library/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eventually, pause } from "./test/eventually";
import { invitationFrame, joinedFrame } from "./test/frames";
import { ackedIds, NotificationsServer } from "./test/notifications-server";
import { renderUseNotifications } from "./test/render-use-notifications";
import { useNotifications } from "./use-notifications";

let server: NotificationsServer;

beforeEach(async () => {
  server = await NotificationsServer.start();
});

let unmountRoot: (() => void) | null = null;

afterEach(async () => {
  unmountRoot?.();
  unmountRoot = null;
  cleanup();
  vi.unstubAllGlobals();
  await server.close();
});

function StatusProbe(props: {
  server: NotificationsServer;
  onNotification: (notification: NotificationFrame) => void;
}) {
  const { status } = useNotifications({
    url: props.server.url,
    sessionUrl: props.server.sessionUrl,
    onNotification: props.onNotification,
  });
  return <output data-status={status} />;
}

async function connected(view: ReturnType<typeof renderUseNotifications>) {
  await eventually(() => expect(view.result.current.status).toBe("open"));
  return server.latest();
}

describe("useNotifications delivery", () => {
  it("runs the callback once and lists the notification once when the server sends the same id twice", async () => {
    const view = renderUseNotifications(server);
    const connection = await connected(view);
    const invitation = invitationFrame();
    const joined = joinedFrame();
    connection.send(invitation);
    connection.send(invitation);
    connection.send(joined);

    await eventually(() => expect(view.result.current.notifications).toHaveLength(2));
    await pause(30);
    expect(view.received.map((n) => n.id)).toEqual([invitation.id, joined.id]);
    expect(view.result.current.notifications.map((n) => n.id)).toEqual([joined.id, invitation.id]);
  });

  it("still runs the callback once when a reconnect delivers a notification already shown", async () => {
    const view = renderUseNotifications(server, { random: () => 0 });
    const first = await connected(view);
    const invitation = invitationFrame();
    first.send(invitation);
    await eventually(() => expect(view.received).toHaveLength(1));

    first.socket.close();
    await eventually(() => expect(server.connections).toHaveLength(2));
    const second = await connected(view);
    second.send(invitation);

    await eventually(() => expect(ackedIds(second)).toEqual([invitation.id]));
    expect(view.received).toHaveLength(1);
    expect(view.result.current.notifications).toHaveLength(1);
  });

  it("acknowledges each delivery of a notification that requires it, and never one that does not", async () => {
    const view = renderUseNotifications(server);
    const connection = await connected(view);
    const invitation = invitationFrame({ requiresAck: true });
    const joined = joinedFrame();
    connection.send(invitation);
    connection.send(joined);
    // A retry round: the server did not get the first ack in time.
    connection.send(invitation);

    await eventually(() => expect(ackedIds(connection)).toEqual([invitation.id, invitation.id]));
    await eventually(() => {
      const byId = new Map(view.result.current.notifications.map((n) => [n.id, n]));
      expect(byId.get(invitation.id)?.acknowledged).toBe(true);
      expect(byId.get(joined.id)?.acknowledged).toBe(false);
    });
    expect(ackedIds(connection)).not.toContain(joined.id);
  });

  it("acknowledges a notification after the callback ran, even when the callback throws, and reports the exception", async () => {
    const order: string[] = [];
    const view = renderUseNotifications(server, {
      onNotification: (notification) => {
        order.push(`callback ${notification.id}`);
        throw new Error("toast failed");
      },
    });
    const connection = await connected(view);
    const invitation = invitationFrame();
    connection.send(invitation);

    await eventually(() => expect(ackedIds(connection)).toEqual([invitation.id]));
    expect(order).toEqual([`callback ${invitation.id}`]);
    expect(view.errors).toEqual([{ kind: "callback-failed", message: "toast failed" }]);
    await eventually(() => expect(view.result.current.notifications[0]?.acknowledged).toBe(true));
  });

  it("reports invalid frames and server error frames through onError without throwing or closing the socket", async () => {
    const view = renderUseNotifications(server);
    const connection = await connected(view);
    connection.send("{not json");
    connection.send({ ...invitationFrame(), data: { groupId: "g" } });
    connection.send({ type: "error", message: "unknown frame type" });
    const valid = invitationFrame();
    connection.send(valid);

    await eventually(() => expect(view.received.map((n) => n.id)).toEqual([valid.id]));
    expect(view.errors.map((error) => error.kind)).toEqual(["invalid-frame", "invalid-frame", "server-error"]);
    await eventually(() =>
      expect(view.result.current.lastError).toEqual({ kind: "server-error", message: "unknown frame type" }),
    );
    expect(view.result.current.status).toBe("open");
    expect(server.upgradeAttempts).toBe(1);
  });

  it("calls the latest inline callback without reconnecting when the component re-renders with new functions", async () => {
    const calls: string[] = [];
    const view = renderUseNotifications(server, { onNotification: (n) => calls.push(`first ${n.id}`) });
    const connection = await connected(view);
    view.rerender({ onNotification: (n) => calls.push(`second ${n.id}`), onError: () => {} });
    view.rerender({ onNotification: (n) => calls.push(`third ${n.id}`), random: () => 0.5 });
    const invitation = invitationFrame();
    connection.send(invitation);

    await eventually(() => expect(calls).toEqual([`third ${invitation.id}`]));
    expect(server.upgradeAttempts).toBe(1);
    expect(server.open()).toHaveLength(1);
  });

  it("opens exactly one socket per mount under React StrictMode", async () => {
    // Counts constructions of the real socket: a socket opened and closed at once may
    // never reach the server, so the server's count alone would not notice a second one.
    let constructed = 0;
    const RealWebSocket = globalThis.WebSocket;
    vi.stubGlobal(
      "WebSocket",
      class extends RealWebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          constructed += 1;
        }
      },
    );
    const received: string[] = [];
    // A root of its own, rendered the way main.tsx does: Testing Library's act() does not
    // replay effects under StrictMode the way React does outside act.
    const container = document.createElement("div");
    const root = createRoot(container);
    unmountRoot = () => root.unmount();
    root.render(
      <StrictMode>
        <StatusProbe server={server} onNotification={(notification) => received.push(notification.id)} />
      </StrictMode>,
    );

    await eventually(() => expect(container.querySelector("output")?.dataset.status).toBe("open"));
    await pause(100);
    expect(constructed).toBe(1);
    expect(server.upgradeAttempts).toBe(1);
    expect(server.open()).toHaveLength(1);

    const invitation = invitationFrame();
    server.latest().send(invitation);
    await eventually(() => expect(received).toEqual([invitation.id]));
  });

  it("closes its socket on unmount and when disabled, and opens none while disabled", async () => {
    const disabled = renderUseNotifications(server, { enabled: false });
    await pause(50);
    expect(disabled.result.current.status).toBe("closed");
    expect(server.upgradeAttempts).toBe(0);

    disabled.rerender({ enabled: true });
    const first = await connected(disabled);
    disabled.rerender({ enabled: false });
    await eventually(() => expect(first.closed).toBe(true));
    expect(disabled.result.current).toMatchObject({ status: "closed", isConnected: false });

    disabled.rerender({ enabled: true });
    const second = await connected(disabled);
    disabled.unmount();
    await eventually(() => expect(second.closed).toBe(true));
    expect(server.upgradeAttempts).toBe(2);
  });
});

describe("useNotifications catching up after a reconnect", () => {
  function resumeFrames(connection: ReturnType<typeof server.latest>) {
    return connection.received.filter(
      (frame) => typeof frame === "object" && frame !== null && "type" in frame && frame.type === "resume",
    );
  }

  it("asks for a baseline on its first connection and for everything after the newest seq it knows on the next", async () => {
    const view = renderUseNotifications(server, { backoff: { initialMs: 10, maxMs: 10 } });
    const first = await connected(view);
    await eventually(() => expect(resumeFrames(first)).toEqual([{ type: "resume" }]));
    first.send({ type: "resumed", lastSeq: 4 });
    first.send(invitationFrame({ seq: 5 }));
    await eventually(() => expect(view.result.current.notifications).toHaveLength(1));

    first.socket.close();
    await eventually(() => expect(server.connections).toHaveLength(2));
    const second = await connected(view);
    await eventually(() => expect(resumeFrames(second)).toEqual([{ type: "resume", afterSeq: 5 }]));
  });

  it("asks for the next page from where a resume page ended, and never moves its cursor past a gap", async () => {
    const view = renderUseNotifications(server, { backoff: { initialMs: 10, maxMs: 10 } });
    const first = await connected(view);
    first.send({ type: "resumed", lastSeq: 0 });
    first.socket.close();
    await eventually(() => expect(server.connections).toHaveLength(2));
    const second = await connected(view);
    // A pending one sent on connect, far ahead of the pages that are still to come.
    second.send(invitationFrame({ seq: 250 }));
    second.send({ type: "resumed", lastSeq: 100, more: true });
    await eventually(() =>
      expect(resumeFrames(second)).toEqual([
        { type: "resume", afterSeq: 0 },
        { type: "resume", afterSeq: 100 },
      ]),
    );
    second.socket.close();
    await eventually(() => expect(server.connections).toHaveLength(3));
    const third = await connected(view);
    await eventually(() => expect(resumeFrames(third)).toEqual([{ type: "resume", afterSeq: 100 }]));
  });

  it("shows a notification it missed while disconnected once, even when the server also sends it as pending", async () => {
    const view = renderUseNotifications(server, { backoff: { initialMs: 10, maxMs: 10 } });
    const first = await connected(view);
    first.send({ type: "resumed", lastSeq: 0 });
    first.socket.close();
    await eventually(() => expect(server.connections).toHaveLength(2));
    const second = await connected(view);
    const missed = invitationFrame({ seq: 1 });
    second.send(missed);
    second.send(missed);
    second.send({ type: "resumed", lastSeq: 1 });
    await eventually(() => expect(view.result.current.notifications).toHaveLength(1));
    await pause(50);
    expect(view.received).toHaveLength(1);
    expect(view.errors).toEqual([]);
  });
});
