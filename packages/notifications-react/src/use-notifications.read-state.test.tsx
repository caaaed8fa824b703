import { cleanup } from "@testing-library/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seqStorageKey } from "./seq-storage";
import { eventually, pause } from "./test/eventually";
import { invitationFrame, joinedFrame } from "./test/frames";
import { framesOfType, NotificationsServer } from "./test/notifications-server";
import { renderUseNotifications } from "./test/render-use-notifications";
import { useNotifications } from "./use-notifications";

let server: NotificationsServer;

beforeEach(async () => {
  server = await NotificationsServer.start();
  server.behaviour.inbox = true;
  sessionStorage.clear();
});

afterEach(async () => {
  cleanup();
  await server.close();
});

type View = ReturnType<typeof renderUseNotifications>;

function UnreadProbe({ server }: { server: NotificationsServer }) {
  const { status, unread } = useNotifications({ userId: "bob", url: server.url, sessionUrl: server.sessionUrl });
  return <output data-status={status} data-unread={unread} />;
}

async function resumed(view: View) {
  await eventually(() => {
    expect(view.result.current.status).toBe("open");
    expect(view.result.current.lastSeq).not.toBeNull();
  });
}

describe("useNotifications read state", () => {
  it("takes the unread count from `resumed` and counts each new unread notification after it", async () => {
    server.publish("bob", invitationFrame());
    server.publish("bob", joinedFrame());
    const view = renderUseNotifications(server, { userId: "bob" });
    await resumed(view);
    await eventually(() => expect(view.result.current.unread).toBe(2));
    expect(view.result.current.notifications).toEqual([]);

    const live = server.publish("bob", joinedFrame());
    await eventually(() => expect(view.result.current.unread).toBe(3));
    expect(view.result.current.notifications.map((n) => [n.id, n.readAt])).toEqual([[live.frame.id, null]]);
  });

  it("clears a notification read in one tab in every other tab of the same user, and in no one else's", async () => {
    const tab1 = renderUseNotifications(server, { userId: "bob" });
    const tab2 = renderUseNotifications(server, { userId: "bob" });
    const alice = renderUseNotifications(server, { userId: "alice" }, "alice");
    await Promise.all([resumed(tab1), resumed(tab2), resumed(alice)]);
    const first = server.publish("bob", invitationFrame());
    const second = server.publish("bob", joinedFrame());
    server.publish("alice", joinedFrame());
    await eventually(() => {
      expect(tab2.result.current.unread).toBe(2);
      expect(alice.result.current.unread).toBe(1);
    });

    await tab1.result.current.markRead([first.frame.id]);

    await eventually(() => {
      for (const tab of [tab1, tab2]) {
        expect(tab.result.current.unread).toBe(1);
        const byId = new Map(tab.result.current.notifications.map((n) => [n.id, n.readAt]));
        expect(byId.get(first.frame.id)).toEqual(expect.any(Number));
        expect(byId.get(second.frame.id)).toBeNull();
      }
    });
    expect(server.inbox("bob").unread()).toBe(1);
    expect(alice.result.current.unread).toBe(1);
    // Over the open socket, not by HTTP.
    expect(server.readPosts).toEqual([]);
    const readers = server.connections.filter((c) => framesOfType(c, "read").length > 0);
    expect(readers.map((c) => framesOfType(c, "read"))).toEqual([[{ type: "read", ids: [first.frame.id] }]]);
  });

  it("marks everything up to the newest seq read with markAllRead, in every tab", async () => {
    const tab1 = renderUseNotifications(server, { userId: "bob" });
    const tab2 = renderUseNotifications(server, { userId: "bob" });
    await Promise.all([resumed(tab1), resumed(tab2)]);
    for (let i = 0; i < 3; i++) server.publish("bob", joinedFrame());
    await eventually(() => expect(tab1.result.current.unread).toBe(3));

    await tab1.result.current.markAllRead();
    // The optimistic count shows at once, before the server's `read` frame.
    expect(tab1.result.current.unread).toBe(0);

    await eventually(() => {
      expect(tab2.result.current.unread).toBe(0);
      expect(tab2.result.current.notifications.every((n) => n.readAt !== null)).toBe(true);
    });
    expect(server.inbox("bob").unread()).toBe(0);
    expect(framesOfType(server.connections[0] ?? server.latest(), "read")).toEqual([{ type: "read", upToSeq: 3 }]);
  });

  it("marks read by POST while it has no open socket, and takes the server's unread count from the answer", async () => {
    const first = server.publish("bob", invitationFrame());
    server.publish("bob", joinedFrame());
    const view = renderUseNotifications(server, { userId: "bob", enabled: false });

    await view.result.current.markRead([first.frame.id]);

    expect(server.readPosts).toEqual([{ ids: [first.frame.id] }]);
    expect(server.upgradeAttempts).toBe(0);
    await eventually(() => expect(view.result.current.unread).toBe(1));
    expect(view.result.current.readMarks.byId.get(first.frame.id)).toEqual(expect.any(Number));
  });

  it("rejects markRead when the server has no read state and refuses the POST, and keeps the socket", async () => {
    server.behaviour.inbox = false;
    const view = renderUseNotifications(server, { userId: "bob" });
    await eventually(() => expect(view.result.current.status).toBe("open"));
    const connection = server.latest();
    const invitation = invitationFrame();
    connection.send(invitation);
    await eventually(() => expect(view.result.current.unread).toBe(1));

    await expect(view.result.current.markRead([invitation.id])).rejects.toThrow("HTTP 404");

    // The read shows in this tab all the same; a server without read state could not have sent one.
    expect(view.result.current.unread).toBe(0);
    expect(framesOfType(connection, "read")).toEqual([]);
    expect(view.result.current.status).toBe("open");
    expect(server.upgradeAttempts).toBe(1);
  });

  it("shows notifications that arrive already read as read, and does not count them", async () => {
    const read = server.publish("bob", invitationFrame());
    const unread = server.publish("bob", joinedFrame());
    server.inbox("bob").markRead({ ids: [read.frame.id] });
    sessionStorage.setItem(seqStorageKey("bob"), "0");

    const view = renderUseNotifications(server, { userId: "bob" });

    await eventually(() => expect(view.result.current.notifications).toHaveLength(2));
    const byId = new Map(view.result.current.notifications.map((n) => [n.id, n.readAt]));
    expect(byId.get(read.frame.id)).toEqual(expect.any(Number));
    expect(byId.get(unread.frame.id)).toBeNull();
    await eventually(() => expect(view.result.current.unread).toBe(1));
  });
});

describe("useNotifications resume point", () => {
  it("resumes after the last seq it saw when mounted again (a reload), listing only what came since", async () => {
    const before = renderUseNotifications(server, { userId: "bob" });
    await resumed(before);
    server.publish("bob", joinedFrame());
    await eventually(() => expect(before.result.current.lastSeq).toBe(1));
    expect(sessionStorage.getItem(seqStorageKey("bob"))).toBe("1");
    before.unmount();

    const missed = [server.publish("bob", joinedFrame()), server.publish("bob", invitationFrame())];
    const after = renderUseNotifications(server, { userId: "bob" });

    await eventually(() => expect(after.result.current.notifications).toHaveLength(2));
    expect(framesOfType(server.latest(), "resume")).toEqual([{ type: "resume", afterSeq: 1 }]);
    expect(after.result.current.notifications.map((n) => n.id)).toEqual(missed.map((s) => s.frame.id).reverse());
    await eventually(() => expect(after.result.current.unread).toBe(3));
  });

  it("starts again from the server's beginning when the server's newest seq is older than its resume point (a reset store)", async () => {
    sessionStorage.setItem(seqStorageKey("bob"), "7");
    const stored = [server.publish("bob", joinedFrame()), server.publish("bob", invitationFrame())];
    const view = renderUseNotifications(server, { userId: "bob" });

    await eventually(() => expect(view.result.current.notifications).toHaveLength(2));
    expect(framesOfType(server.latest(), "resume")).toEqual([
      { type: "resume", afterSeq: 7 },
      { type: "resume", afterSeq: 0 },
    ]);
    expect(view.result.current.notifications.map((n) => n.id)).toEqual(stored.map((s) => s.frame.id).reverse());
    expect(view.result.current.lastSeq).toBe(2);
    expect(sessionStorage.getItem(seqStorageKey("bob"))).toBe("2");
  });

  it("keeps each user's resume point apart: another user on the same tab starts from their own", async () => {
    sessionStorage.setItem(seqStorageKey("bob"), "7");
    const alice = renderUseNotifications(server, { userId: "alice" }, "alice");
    await resumed(alice);
    expect(framesOfType(server.latest(), "resume")).toEqual([{ type: "resume" }]);
  });

  it("persists nothing without a user id", async () => {
    const view = renderUseNotifications(server);
    await resumed(view);
    server.publish("bob", joinedFrame());
    await eventually(() => expect(view.result.current.lastSeq).toBe(1));
    expect(sessionStorage.length).toBe(0);
  });
});

describe("useNotifications options", () => {
  it("keeps its socket and its list when options other than the user and the URL change", async () => {
    const view = renderUseNotifications(server, { userId: "bob" });
    await resumed(view);
    server.publish("bob", joinedFrame());
    server.publish("bob", invitationFrame());
    await eventually(() => expect(view.result.current.notifications).toHaveLength(2));
    const list = view.result.current.notifications;

    view.rerender({ pingIntervalMs: 60_000, pongTimeoutMs: 5_000, backoff: { initialMs: 5 }, maxNotifications: 50 });
    view.rerender({ sessionUrl: server.sessionUrlFor("bob"), apiUrl: server.apiUrlFor("bob"), onError: () => {} });
    await pause(50);

    expect(server.upgradeAttempts).toBe(1);
    expect(server.open()).toHaveLength(1);
    expect(view.result.current.notifications).toBe(list);
    expect(view.result.current.status).toBe("open");
  });

  it("keeps its list but opens a new socket when the URL changes", async () => {
    const view = renderUseNotifications(server, { userId: "bob" });
    await resumed(view);
    server.publish("bob", joinedFrame());
    await eventually(() => expect(view.result.current.notifications).toHaveLength(1));
    const first = server.latest();

    view.rerender({ url: `${server.urlFor("bob")}?v=2` });

    await eventually(() => expect(server.connections).toHaveLength(2));
    await eventually(() => expect(first.closed).toBe(true));
    expect(view.result.current.notifications).toHaveLength(1);
    expect(framesOfType(server.latest(), "resume")).toEqual([{ type: "resume", afterSeq: 1 }]);
  });

  it("starts an empty list on a new socket when the user changes", async () => {
    const view = renderUseNotifications(server, { userId: "bob" });
    await resumed(view);
    server.publish("bob", joinedFrame());
    await eventually(() => expect(view.result.current.notifications).toHaveLength(1));

    view.rerender({ userId: "carol", url: server.urlFor("carol") });

    await eventually(() => expect(server.open().map((c) => c.userId)).toEqual(["carol"]));
    expect(view.result.current.notifications).toEqual([]);
    expect(view.result.current.unread).toBe(0);
  });

  it("opens one socket under StrictMode and shows the server's unread count", async () => {
    server.publish("bob", joinedFrame());
    const container = document.createElement("div");
    const root = createRoot(container);
    root.render(
      <StrictMode>
        <UnreadProbe server={server} />
      </StrictMode>,
    );
    try {
      await eventually(() => expect(container.querySelector("output")?.dataset.unread).toBe("1"));
      await pause(100);
      expect(server.upgradeAttempts).toBe(1);
      expect(server.open()).toHaveLength(1);
    } finally {
      root.unmount();
    }
  });
});
