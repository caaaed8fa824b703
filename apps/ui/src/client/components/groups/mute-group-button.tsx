import { usePreferences, useSavePreferences, withMutedGroup } from "../../api/preferences";

/** Mutes or unmutes one group's notifications (design §5.0). */
export function MuteGroupButton({ groupId }: { groupId: string }) {
  const preferences = usePreferences();
  const save = useSavePreferences();
  if (!preferences.data) return null;
  const muted = preferences.data.muted.groups.includes(groupId);
  return (
    <button
      type="button"
      className="secondary"
      data-testid="mute-group"
      data-muted={muted}
      disabled={save.isPending}
      onClick={() => preferences.data && save.mutate(withMutedGroup(preferences.data, groupId, !muted))}
    >
      {muted ? "Unmute this group" : "Mute this group"}
    </button>
  );
}
