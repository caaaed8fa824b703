import { NO_PREFERENCES, Preferences } from "@repo/notifications";
import { log } from "../log";
import type { NotificationStore } from "./store";

const PREFERENCES_KEY = "preferences";

/**
 * The user's preferences as stored in the object's meta table. A stored value
 * that no longer parses (a type removed by a deploy) is reported and read as
 * nothing muted, never thrown: a publish must not fail for it.
 */
export function loadPreferences(store: NotificationStore): Preferences {
  const text = store.getMeta(PREFERENCES_KEY);
  if (text === null) return NO_PREFERENCES;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = Preferences.safeParse(json);
  if (parsed.success) return parsed.data;
  log("preferences_unreadable", {});
  return NO_PREFERENCES;
}

/** Stores preferences, deduplicating the lists so a muted entry appears once. */
export function savePreferences(store: NotificationStore, preferences: Preferences): Preferences {
  const stored: Preferences = {
    muted: { types: [...new Set(preferences.muted.types)], groups: [...new Set(preferences.muted.groups)] },
  };
  store.setMeta(PREFERENCES_KEY, JSON.stringify(stored));
  return stored;
}
