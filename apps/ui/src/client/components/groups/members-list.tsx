import { type GroupDetails, grantAdmin, memberName, removeMember, revokeAdmin } from "../../api/groups";
import { queryKeys } from "../../api/query-keys";
import { useAction } from "../../hooks/use-action";

interface MembersListProps {
  group: GroupDetails;
  currentUserId: string;
  isAdmin: boolean;
}

export function MembersList({ group, currentUserId, isAdmin }: MembersListProps) {
  const invalidates = () => [queryKeys.group(group.id), queryKeys.myGroups];
  const remove = useAction(removeMember, { invalidates, success: ({ userId }) => `Removed ${userId}` });
  const grant = useAction(grantAdmin, { invalidates, success: ({ userId }) => `${userId} is now an admin` });
  const revoke = useAction(revokeAdmin, { invalidates, success: ({ userId }) => `${userId} is no longer an admin` });
  const busy = remove.isPending || grant.isPending || revoke.isPending;

  return (
    <>
      <h3>Members</h3>
      <ul className="list" data-testid="member-list">
        {group.members.map((member) => {
          const target = { groupId: group.id, userId: member.userId };
          return (
            <li key={member.userId} data-testid="member-item" data-user-id={member.userId} data-role={member.role}>
              <span>
                {memberName(member)}
                {member.userId === currentUserId && <span className="muted"> (you)</span>}
                <span className={`chip role-${member.role}`}>{member.role}</span>
              </span>
              {isAdmin && member.userId !== currentUserId && (
                <span className="actions">
                  {member.role === "admin" ? (
                    <button
                      type="button"
                      className="secondary"
                      data-testid="revoke-admin"
                      disabled={busy}
                      onClick={() => revoke.mutate(target)}
                    >
                      Revoke admin
                    </button>
                  ) : (
                    <button
                      type="button"
                      data-testid="grant-admin"
                      disabled={busy}
                      onClick={() => grant.mutate(target)}
                    >
                      Make admin
                    </button>
                  )}
                  <button
                    type="button"
                    className="danger"
                    data-testid="remove-member"
                    disabled={busy}
                    onClick={() => remove.mutate(target)}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
