import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionBadge } from "./connection-badge";

afterEach(cleanup);

describe("ConnectionBadge", () => {
  it("says connected, signed out, or how many seconds until the next reconnect attempt", () => {
    const { rerender } = render(<ConnectionBadge status="open" nextRetryAt={null} />);
    const badge = screen.getByTestId("connection-badge");
    expect(badge.textContent).toBe("connected");
    expect(badge.dataset.status).toBe("open");

    rerender(<ConnectionBadge status="reconnecting" nextRetryAt={Date.now() + 4_200} />);
    expect(badge.textContent).toBe("reconnecting in 5s");
    expect(badge.dataset.status).toBe("reconnecting");

    rerender(<ConnectionBadge status="reconnecting" nextRetryAt={null} />);
    expect(badge.textContent).toBe("reconnecting…");

    rerender(<ConnectionBadge status="unauthorized" nextRetryAt={null} />);
    expect(badge.textContent).toBe("signed out");
  });
});
