import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeNotifications } from "./merge-notifications";
import { eventually } from "./test/eventually";
import { invitationFrame, joinedFrame } from "./test/frames";
import { NotificationsServer } from "./test/notifications-server";
import { useNotificationHistory } from "./use-notification-history";
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

function wrapper() {
  const client = new QueryClient();
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
}

/** The live hook and the history hook of bob, merged the way an inbox shows them. */
function renderInbox(pageSize: number) {
  return renderHook(
    () => {
      const live = useNotifications({ userId: "bob", url: server.url, sessionUrl: server.sessionUrl });
      const history = useNotificationHistory({ userId: "bob", apiUrl: server.apiUrlFor("bob"), pageSize });
      return { live, history, merged: mergeNotifications(live.notifications, history.items, live.readMarks) };
    },
    { wrapper: wrapper() },
  );
}

describe("useNotificationHistory", () => {
  it("pages through every stored notification newest first with the before cursor, each once", async () => {
    const stored = Array.from({ length: 5 }, () => server.publish("bob", joinedFrame()));
    const view = renderHook(
      () => useNotificationHistory({ userId: "bob", apiUrl: server.apiUrlFor("bob"), pageSize: 2 }),
      {
        wrapper: wrapper(),
      },
    );
    await eventually(() => expect(view.result.current.items).toHaveLength(2));

    while (view.result.current.hasNextPage) {
      const count = view.result.current.items.length;
      await act(() => view.result.current.fetchNextPage());
      await eventually(() => expect(view.result.current.items.length).toBeGreaterThan(count));
    }

    expect(view.result.current.items.map((item) => item.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(view.result.current.items.map((item) => item.id)).toEqual(stored.map((s) => s.frame.id).reverse());
    expect(server.historyRequests).toEqual(["?limit=2", "?limit=2&before=4", "?limit=2&before=2"]);
    expect(view.result.current.unavailable).toBe(false);
  });

  it("says history is unavailable when the server has no history endpoint (404), and asks once", async () => {
    server.behaviour.inbox = false;
    const view = renderHook(() => useNotificationHistory({ userId: "bob", apiUrl: server.apiUrlFor("bob") }), {
      wrapper: wrapper(),
    });
    await eventually(() => expect(view.result.current.unavailable).toBe(true));
    expect(view.result.current.items).toEqual([]);
    expect(server.historyRequests).toHaveLength(1);
  });

  it("asks for nothing without a user", async () => {
    const view = renderHook(() => useNotificationHistory({ userId: null, apiUrl: server.apiUrlFor("bob") }), {
      wrapper: wrapper(),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(view.result.current.fetchStatus).toBe("idle");
    expect(server.historyRequests).toEqual([]);
  });
});

describe("an inbox of live notifications and history", () => {
  it("lists a notification that is both live and in history once, newest first", async () => {
    for (let i = 0; i < 3; i++) server.publish("bob", joinedFrame());
    const view = renderInbox(2);
    await eventually(() => expect(view.result.current.live.lastSeq).toBe(3));
    const live = server.publish("bob", invitationFrame());
    await eventually(() => expect(view.result.current.live.notifications).toHaveLength(1));

    // A refetch now also has seq 4 in its first page; the older page brings 2 and 1.
    await act(() => view.result.current.history.refetch());
    await act(() => view.result.current.history.fetchNextPage());

    await eventually(() => expect(view.result.current.merged.map((item) => item.seq)).toEqual([4, 3, 2, 1]));
    const merged = view.result.current.merged;
    expect(new Set(merged.map((item) => item.id)).size).toBe(4);
    expect(merged[0]).toMatchObject({ id: live.frame.id, acknowledged: true, status: "delivered", readAt: null });
  });

  it("shows history items read as soon as any tab reads them, without refetching", async () => {
    for (let i = 0; i < 3; i++) server.publish("bob", joinedFrame());
    const view = renderInbox(10);
    await eventually(() => expect(view.result.current.merged).toHaveLength(3));
    const requests = server.historyRequests.length;
    expect(view.result.current.merged.every((item) => item.readAt === null)).toBe(true);
    await eventually(() => expect(view.result.current.live.unread).toBe(3));

    // Another tab of bob reads everything up to seq 2.
    const other = new WebSocket(server.url);
    await new Promise((resolve) => other.addEventListener("open", resolve));
    other.send(JSON.stringify({ type: "read", upToSeq: 2 }));

    await eventually(() =>
      expect(view.result.current.merged.map((item) => [item.seq, item.readAt !== null])).toEqual([
        [3, false],
        [2, true],
        [1, true],
      ]),
    );
    expect(view.result.current.live.unread).toBe(1);
    expect(server.historyRequests).toHaveLength(requests);
    other.close();
  });
});
