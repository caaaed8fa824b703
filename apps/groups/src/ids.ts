import { z } from "zod";

/**
 * Group ids are UUIDs. Invitation and join request ids are `${groupId}.${uuid}`,
 * so a route addressed by such an id alone finds the group object that owns it
 * without a lookup table.
 */
export const GroupId = z.uuid();

export function newGroupId(): string {
  return crypto.randomUUID();
}

export function newChildId(groupId: string): string {
  return `${groupId}.${crypto.randomUUID()}`;
}

/** The group that owns the invitation or join request `id`, or null when `id` cannot be one of ours. */
export function groupIdOf(id: string): string | null {
  const [groupId, own, ...rest] = id.split(".");
  if (rest.length > 0 || !GroupId.safeParse(groupId).success || !z.uuid().safeParse(own).success) return null;
  return groupId ?? null;
}
