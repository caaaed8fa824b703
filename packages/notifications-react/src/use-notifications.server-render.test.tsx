// @vitest-environment node
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { useNotifications } from "./use-notifications";

function Badge({ enabled }: { enabled: boolean }) {
  const { status, notifications } = useNotifications({ enabled, onNotification: () => {} });
  return (
    <p data-status={status}>
      {status}: {notifications.length}
    </p>
  );
}

describe("useNotifications on a server", () => {
  it("renders to a string without touching window or opening a socket", () => {
    expect(typeof window).toBe("undefined");
    expect(renderToString(<Badge enabled />)).toContain('data-status="connecting"');
    expect(renderToString(<Badge enabled={false} />)).toContain('data-status="closed"');
  });
});
