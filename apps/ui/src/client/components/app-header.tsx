import type { ConnectionStatus } from "@repo/notifications-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { messageOf } from "../api/http";
import { queryKeys } from "../api/query-keys";
import { type SessionUser, signOut } from "../api/session";
import { ConnectionBadge } from "./connection-badge";

interface AppHeaderProps {
  user: SessionUser;
  status: ConnectionStatus;
  nextRetryAt: number | null;
  unread: number;
  onPreferences: () => void;
}

export function AppHeader({ user, status, nextRetryAt, unread, onPreferences }: AppHeaderProps) {
  const queryClient = useQueryClient();
  const signOutMutation = useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      queryClient.setQueryData(queryKeys.session, null);
      // The next person to sign in on this tab must not see this one's cached groups.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.session[0] });
    },
    onError: (error) => toast.error(messageOf(error)),
  });

  return (
    <header className="app-header">
      <h1>Live notifications</h1>
      <ConnectionBadge status={status} nextRetryAt={nextRetryAt} />
      <span
        className={`badge badge-unread${unread > 0 ? " has-unread" : ""}`}
        data-testid="unread-badge"
        data-unread={unread}
      >
        {unread} unread
      </span>
      <span className="who" data-testid="current-user" data-user-id={user.userId}>
        {user.name} <span className="muted">({user.userId})</span>
      </span>
      <button type="button" className="secondary" data-testid="open-preferences" onClick={onPreferences}>
        Preferences
      </button>
      <button type="button" data-testid="sign-out" onClick={() => signOutMutation.mutate()}>
        Sign out
      </button>
    </header>
  );
}
