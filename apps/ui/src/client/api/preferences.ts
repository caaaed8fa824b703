import { type EventType, Preferences } from "@repo/notifications/client";
import { useQuery } from "@tanstack/react-query";
import { useAction } from "../hooks/use-action";
import { requestJson } from "./http";
import { queryKeys } from "./query-keys";

export function fetchPreferences(): Promise<Preferences> {
  return requestJson(Preferences, "/api/preferences");
}

export function savePreferences(preferences: Preferences): Promise<Preferences> {
  return requestJson(Preferences, "/api/preferences", { method: "PUT", body: preferences });
}

export function usePreferences() {
  return useQuery({ queryKey: queryKeys.preferences, queryFn: fetchPreferences });
}

/** Saves preferences; every tab of the user refreshes them. */
export function useSavePreferences() {
  return useAction(savePreferences, {
    invalidates: () => [queryKeys.preferences],
    success: () => "Preferences saved",
  });
}

/** `list` with `item` in it or not, as a new array. */
export function toggled<T extends string>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((entry) => entry !== item);
}

export function withMutedType(preferences: Preferences, type: EventType, muted: boolean): Preferences {
  return { muted: { ...preferences.muted, types: toggled(preferences.muted.types, type, muted) } };
}

export function withMutedGroup(preferences: Preferences, groupId: string, muted: boolean): Preferences {
  return { muted: { ...preferences.muted, groups: toggled(preferences.muted.groups, groupId, muted) } };
}
