import { EventType } from "@repo/notifications/client";
import { usePreferences, useSavePreferences, withMutedType } from "../api/preferences";
import { eventTypeLabels } from "../notifications/wording";
import { QueryError } from "./query-error";

/** Mute per event type; muted groups are listed here and muted from each group's page. */
export function PreferencesPanel({ onClose }: { onClose: () => void }) {
  const preferences = usePreferences();
  const save = useSavePreferences();
  return (
    <section className="panel" data-testid="preferences">
      <div className="panel-header">
        <h2>Notification preferences</h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {preferences.isPending ? (
        <p className="hint">Loading…</p>
      ) : preferences.isError ? (
        <QueryError error={preferences.error} />
      ) : (
        <>
          <p className="hint">Muted notifications are kept in your history but never shown, counted or toasted.</p>
          <ul className="list">
            {EventType.options.map((type) => {
              const muted = preferences.data.muted.types.includes(type);
              return (
                <li key={type}>
                  <label>
                    <input
                      type="checkbox"
                      data-testid="mute-type"
                      data-type={type}
                      checked={muted}
                      disabled={save.isPending}
                      onChange={(event) => save.mutate(withMutedType(preferences.data, type, event.target.checked))}
                    />{" "}
                    Mute: {eventTypeLabels[type]}
                  </label>
                </li>
              );
            })}
          </ul>
          <h3>Muted groups</h3>
          {preferences.data.muted.groups.length === 0 ? (
            <p className="hint">None. Mute a group from its page.</p>
          ) : (
            <ul className="list" data-testid="muted-groups">
              {preferences.data.muted.groups.map((groupId) => (
                <li key={groupId}>
                  <code>{groupId}</code>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
