import type { ConnectionStatus } from "@repo/notifications-react";
import { useNow } from "../hooks/use-now";

interface ConnectionBadgeProps {
  status: ConnectionStatus;
  nextRetryAt: number | null;
}

export function ConnectionBadge({ status, nextRetryAt }: ConnectionBadgeProps) {
  const counting = status === "reconnecting" && nextRetryAt !== null;
  const now = useNow(counting);
  return (
    <span className={`badge badge-${status}`} data-testid="connection-badge" data-status={status} role="status">
      {label(status, counting && nextRetryAt !== null ? Math.max(0, Math.ceil((nextRetryAt - now) / 1000)) : null)}
    </span>
  );
}

function label(status: ConnectionStatus, secondsLeft: number | null): string {
  switch (status) {
    case "open":
      return "connected";
    case "connecting":
      return "connecting…";
    case "reconnecting":
      return secondsLeft === null ? "reconnecting…" : `reconnecting in ${secondsLeft}s`;
    case "unauthorized":
      return "signed out";
    case "closed":
      return "offline";
  }
}
