import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { approveJoinRequest, type JoinRequest, listJoinRequests, rejectJoinRequest } from "../../api/groups";
import { queryKeys } from "../../api/query-keys";
import { useAction } from "../../hooks/use-action";
import { QueryError } from "../query-error";

export function JoinRequestsList({ groupId }: { groupId: string }) {
  const requests = useQuery({ queryKey: queryKeys.joinRequests(groupId), queryFn: () => listJoinRequests(groupId) });
  const pending = requests.data?.filter((request) => request.status === "pending") ?? [];
  return (
    <>
      <h3>Join requests</h3>
      {requests.isPending ? (
        <p className="hint">Loading…</p>
      ) : requests.isError ? (
        <QueryError error={requests.error} />
      ) : pending.length === 0 ? (
        <p className="hint">No pending requests.</p>
      ) : (
        <ul className="list" data-testid="join-request-list">
          {pending.map((request) => (
            <JoinRequestItem key={request.id} request={request} />
          ))}
        </ul>
      )}
    </>
  );
}

function JoinRequestItem({ request }: { request: JoinRequest }) {
  const [reason, setReason] = useState("");
  const who = request.userName ?? request.userId;
  // Approving changes the members as well as the requests; the group key is a prefix of both.
  const approve = useAction(approveJoinRequest, {
    invalidates: () => [queryKeys.group(request.groupId), queryKeys.myGroups],
    success: () => `${who} is now a member`,
  });
  const reject = useAction(rejectJoinRequest, {
    invalidates: () => [queryKeys.joinRequests(request.groupId)],
    success: () => `Declined ${who}'s request`,
  });
  const busy = approve.isPending || reject.isPending;
  const trimmed = reason.trim();

  return (
    <li
      className="join-request"
      data-testid="join-request-item"
      data-request-id={request.id}
      data-user-id={request.userId}
    >
      <span>
        <strong>{who}</strong>
        {request.message && <span className="muted"> “{request.message}”</span>}
      </span>
      <span className="actions">
        <input
          aria-label={`Reason for declining ${who}`}
          placeholder="reason (optional)"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <button
          type="button"
          data-testid="join-request-approve"
          disabled={busy}
          onClick={() => approve.mutate(request.id)}
        >
          Approve
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="join-request-reject"
          disabled={busy}
          onClick={() => reject.mutate({ requestId: request.id, ...(trimmed ? { reason: trimmed } : {}) })}
        >
          Decline
        </button>
      </span>
    </li>
  );
}
