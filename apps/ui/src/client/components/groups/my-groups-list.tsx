import { useQuery } from "@tanstack/react-query";
import { listMyGroups } from "../../api/groups";
import { usePreferences } from "../../api/preferences";
import { queryKeys } from "../../api/query-keys";
import { QueryError } from "../query-error";

interface MyGroupsListProps {
  openGroupId: string | null;
  onOpen: (groupId: string) => void;
}

export function MyGroupsList({ openGroupId, onOpen }: MyGroupsListProps) {
  const groups = useQuery({ queryKey: queryKeys.myGroups, queryFn: listMyGroups });
  const mutedGroups = usePreferences().data?.muted.groups ?? [];
  return (
    <section className="panel">
      <h2>My groups</h2>
      {groups.isPending ? (
        <p className="hint">Loading…</p>
      ) : groups.isError ? (
        <QueryError error={groups.error} />
      ) : groups.data.length === 0 ? (
        <p className="hint">No groups yet. Create one, or accept an invitation.</p>
      ) : (
        <ul className="list" data-testid="group-list">
          {groups.data.map((group) => (
            <li key={group.id} data-testid="group-item" data-group-id={group.id} data-role={group.role}>
              <button
                type="button"
                className={`link${group.id === openGroupId ? " active" : ""}`}
                data-testid="group-open"
                onClick={() => onOpen(group.id)}
              >
                {group.name}
              </button>
              <span className={`chip role-${group.role}`}>{group.role}</span>
              {mutedGroups.includes(group.id) && (
                <span className="chip" data-testid="group-muted">
                  muted
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
