/** Every server state the UI caches, so events and actions invalidate the same keys the queries use. */
export const queryKeys = {
  session: ["session"],
  /** The user's muted types and groups (design §5.0). */
  preferences: ["preferences"],
  myGroups: ["groups"],
  myInvitations: ["invitations"],
  /** A group's details; a prefix of its join requests' key, so invalidating it refreshes both. */
  group: (groupId: string) => ["group", groupId],
  joinRequests: (groupId: string) => ["group", groupId, "join-requests"],
} as const;
