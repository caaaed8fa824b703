import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { eventually } from "./test/eventually";
import { sameOriginFetch } from "./test/real-worker/same-origin-fetch";
import { WORKER_ORIGIN, WORKER_PORT, WORKER_SETTINGS } from "./test/real-worker/settings";
import { useNotificationHistory } from "./use-notification-history";
import { useNotifications } from "./use-notifications";

// The worker itself is started by the real-worker project's global setup (vitest.config.ts).
const urls = {
  url: `ws://127.0.0.1:${WORKER_PORT}/ws/notifications`,
  apiUrl: `${WORKER_ORIGIN}/api/notifications`,
};
const nodeFetch = globalThis.fetch;
/** A real socket and a real Durable Object: allow more than the unit tests' 2 s for a round trip. */
const SLOW = 5_000;

const PublishAnswer = z.object({ published: z.array(z.object({ userId: z.string(), id: z.uuid(), seq: z.number() })) });

/** `POST /admin/notifications` of the real worker: an announcement to `userId`. */
async function publishAnnouncement(userId: string, title: string) {
  const response = await nodeFetch(`${WORKER_ORIGIN}/admin/notifications`, {
    method: "POST",
    headers: { authorization: `Bearer ${WORKER_SETTINGS.ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({
      userIds: [userId],
      type: "system.announcement",
      data: { title, body: "from the real-worker test", severity: "info" },
    }),
  });
  expect(response.status).toBe(200);
  const answer = PublishAnswer.parse(await response.json());
  const published = answer.published[0];
  if (!published) throw new Error("the worker published nothing");
  return published;
}

/** Signs the run's user in on the page the way the UI worker does: a `session` cookie (development name). */
function signIn() {
  const user = inject("realWorkerUser");
  // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API; its jar is what its WebSocket reads.
  document.cookie = `session=${user.session}; path=/`;
  return user.userId;
}

function renderInbox(userId: string) {
  const client = new QueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(
    () => ({
      live: useNotifications({ userId, sessionUrl: null, ...urls }),
      history: useNotificationHistory({ userId, apiUrl: urls.apiUrl }),
    }),
    { wrapper },
  );
}

beforeAll(() => {
  globalThis.fetch = sameOriginFetch(nodeFetch);
});

afterAll(() => {
  globalThis.fetch = nodeFetch;
});

afterEach(() => {
  cleanup();
  // biome-ignore lint/suspicious/noDocumentCookie: jsdom has no Cookie Store API.
  document.cookie = "session=; path=/; max-age=0";
  sessionStorage.clear();
});

describe("the hooks against the real notifications worker", () => {
  it("receive a published notification unread, mark it read on the worker, and find it read in the history", async () => {
    const userId = signIn();
    const view = renderInbox(userId);
    await eventually(() => expect(view.result.current.live.status).toBe("open"), SLOW);
    await eventually(() => expect(view.result.current.history.isSuccess).toBe(true), SLOW);
    expect(view.result.current.history.items).toEqual([]);

    const published = await publishAnnouncement(userId, "Maintenance tonight");
    await eventually(() => {
      expect(view.result.current.live.notifications.map((n) => [n.id, n.type, n.readAt])).toEqual([
        [published.id, "system.announcement", null],
      ]);
      expect(view.result.current.live.unread).toBe(1);
    }, SLOW);

    await act(() => view.result.current.live.markRead([published.id]));
    await eventually(() => {
      expect(view.result.current.live.unread).toBe(0);
      expect(view.result.current.live.notifications[0]?.readAt).toEqual(expect.any(Number));
    }, SLOW);

    await act(() => view.result.current.history.refetch());
    await eventually(() => {
      const items = view.result.current.history.items;
      expect(items.map((item) => [item.id, item.seq, item.type])).toEqual([
        [published.id, published.seq, "system.announcement"],
      ]);
      expect(items[0]?.readAt).toEqual(expect.any(Number));
    }, SLOW);
  });

  it("without a session cookie, the worker refuses the socket (the hook waits to retry) and the history (401)", async () => {
    const view = renderInbox(inject("realWorkerUser").userId);
    await eventually(() => {
      expect(view.result.current.live.status).toBe("reconnecting");
      expect(view.result.current.live.nextRetryAt).toEqual(expect.any(Number));
    }, SLOW);
    // The hook retries the history twice, a second and two apart, before giving up.
    await eventually(() => expect(view.result.current.history.error?.message).toContain("HTTP 401"), 8_000);
    expect(view.result.current.live.notifications).toEqual([]);
  });
});
