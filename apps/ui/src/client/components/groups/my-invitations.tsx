import { useQuery } from "@tanstack/react-query";
import { acceptInvitation, declineInvitation, listMyInvitations } from "../../api/groups";
import { queryKeys } from "../../api/query-keys";
import { useAction } from "../../hooks/use-action";
import { QueryError } from "../query-error";

export function MyInvitations({ onAccepted }: { onAccepted: (groupId: string) => void }) {
  const invitations = useQuery({ queryKey: queryKeys.myInvitations, queryFn: listMyInvitations });
  const accept = useAction(acceptInvitation, {
    invalidates: (_, invitation) => [queryKeys.myInvitations, queryKeys.myGroups, queryKeys.group(invitation.groupId)],
    success: (_, invitation) => `You joined ${invitation.groupName ?? "the group"}`,
  });
  const decline = useAction(declineInvitation, {
    invalidates: () => [queryKeys.myInvitations],
    success: () => "Invitation declined",
  });
  const pending = invitations.data?.filter((invitation) => invitation.status === "pending") ?? [];

  return (
    <section className="panel">
      <h2>Invitations</h2>
      {invitations.isPending ? (
        <p className="hint">Loading…</p>
      ) : invitations.isError ? (
        <QueryError error={invitations.error} />
      ) : pending.length === 0 ? (
        <p className="hint">No pending invitations.</p>
      ) : (
        <ul className="list" data-testid="invitation-list">
          {pending.map((invitation) => (
            <li
              key={invitation.id}
              data-testid="invitation-item"
              data-invitation-id={invitation.id}
              data-group-id={invitation.groupId}
            >
              <span>
                <strong>{invitation.groupName ?? invitation.groupId}</strong>
                {(invitation.inviterName ?? invitation.inviterId) && (
                  <span className="muted"> from {invitation.inviterName ?? invitation.inviterId}</span>
                )}
              </span>
              <span className="actions">
                <button
                  type="button"
                  data-testid="invitation-accept"
                  disabled={accept.isPending || decline.isPending}
                  onClick={() => accept.mutate(invitation.id, { onSuccess: () => onAccepted(invitation.groupId) })}
                >
                  Accept
                </button>
                <button
                  type="button"
                  className="secondary"
                  data-testid="invitation-decline"
                  disabled={accept.isPending || decline.isPending}
                  onClick={() => decline.mutate(invitation.id)}
                >
                  Decline
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
