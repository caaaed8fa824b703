import { useState } from "react";
import { useStaleQueriesFromOtherTabs } from "../api/cross-tab";
import type { SessionUser } from "../api/session";
import { useInbox } from "../hooks/use-inbox";
import { useLiveNotifications } from "../hooks/use-live-notifications";
import { useUnreadTitle } from "../hooks/use-unread-title";
import { AppHeader } from "./app-header";
import { CreateGroupForm } from "./groups/create-group-form";
import { GroupDetailsPanel } from "./groups/group-details-panel";
import { JoinGroupForm } from "./groups/join-group-form";
import { MyGroupsList } from "./groups/my-groups-list";
import { MyInvitations } from "./groups/my-invitations";
import { NotificationCentre } from "./notification-centre";
import { PreferencesPanel } from "./preferences-panel";

/** The signed-in page: groups on the left, the open group in the middle, live notifications on the right. */
export function Workspace({ user }: { user: SessionUser }) {
  const live = useLiveNotifications(user);
  const inbox = useInbox(user.userId, live);
  useUnreadTitle(live.unread);
  useStaleQueriesFromOtherTabs();
  const [openGroupId, setOpenGroupIdState] = useState<string | null>(null);
  const [preferencesOpen, setPreferencesOpen] = useState(false);
  const setOpenGroupId = (groupId: string | null) => {
    setPreferencesOpen(false);
    setOpenGroupIdState(groupId);
  };

  return (
    <>
      <AppHeader
        user={user}
        status={live.status}
        nextRetryAt={live.nextRetryAt}
        unread={live.unread}
        onPreferences={() => setPreferencesOpen(true)}
      />
      <main className="workspace">
        <div className="column">
          <CreateGroupForm onCreated={setOpenGroupId} />
          <MyGroupsList openGroupId={openGroupId} onOpen={setOpenGroupId} />
          <MyInvitations onAccepted={setOpenGroupId} />
          <JoinGroupForm />
        </div>
        <div className="column">
          {preferencesOpen ? (
            <PreferencesPanel onClose={() => setPreferencesOpen(false)} />
          ) : openGroupId ? (
            <GroupDetailsPanel groupId={openGroupId} user={user} onClose={() => setOpenGroupId(null)} />
          ) : (
            <section className="panel">
              <p className="hint">Open a group to see its members, invite people and answer join requests.</p>
            </section>
          )}
        </div>
        <NotificationCentre inbox={inbox} unread={live.unread} lastError={live.lastError} />
      </main>
    </>
  );
}
