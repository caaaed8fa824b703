import { useQuery } from "@tanstack/react-query";
import { getGroup } from "../../api/groups";
import { queryKeys } from "../../api/query-keys";
import type { SessionUser } from "../../api/session";
import { QueryError } from "../query-error";
import { InviteForm } from "./invite-form";
import { JoinRequestsList } from "./join-requests-list";
import { MembersList } from "./members-list";
import { MuteGroupButton } from "./mute-group-button";

interface GroupDetailsPanelProps {
  groupId: string;
  user: SessionUser;
  onClose: () => void;
}

export function GroupDetailsPanel({ groupId, user, onClose }: GroupDetailsPanelProps) {
  const details = useQuery({ queryKey: queryKeys.group(groupId), queryFn: () => getGroup(groupId) });
  const closeButton = (
    <button type="button" className="secondary" onClick={onClose}>
      Close
    </button>
  );

  if (details.isPending) return <section className="panel hint">Loading…</section>;
  if (details.isError) {
    return (
      <section className="panel">
        <QueryError error={details.error} />
        {closeButton}
      </section>
    );
  }

  const group = details.data;
  const me = group.members.find((member) => member.userId === user.userId);
  const isAdmin = me?.role === "admin";
  return (
    <section className="panel" data-testid="group-details" data-group-id={group.id}>
      <div className="panel-header">
        <h2>{group.name}</h2>
        {closeButton}
      </div>
      <p className="muted">
        Group id <code data-testid="group-id">{group.id}</code> · you are{" "}
        {isAdmin ? "an admin" : me ? "a member" : "not a member"}
      </p>
      <MuteGroupButton groupId={group.id} />
      <MembersList group={group} currentUserId={user.userId} isAdmin={isAdmin} />
      {isAdmin && <InviteForm groupId={group.id} />}
      {isAdmin && <JoinRequestsList groupId={group.id} />}
    </section>
  );
}
