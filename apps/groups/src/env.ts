import type { NotificationsRpc } from "@repo/notifications";
import type { UserDirectoryDO } from "./directory/user-directory-do";
import type { GroupsDO } from "./do/groups-do";
import type { Actor } from "./model";

export interface Env {
  GROUPS: DurableObjectNamespace<GroupsDO>;
  USER_DIRECTORY: DurableObjectNamespace<UserDirectoryDO>;
  NOTIFICATIONS: DurableObjectNamespace<NotificationsRpc>;
  ENVIRONMENT: string;
  SESSION_SECRET: string;
  // Outbox tuning; defaults in config.ts, shortened by tests.
  OUTBOX_BASE_DELAY_MS?: string;
  OUTBOX_MAX_DELAY_MS?: string;
  OUTBOX_BATCH_SIZE?: string;
  PUBLISH_TIMEOUT_MS?: string;
  OUTBOX_PERMANENT_ATTEMPTS?: string;
  // The per-user limit on invitations, join requests and group creation.
  GROUP_ACTIONS_PER_MINUTE?: string;
  GROUP_ACTIONS_PER_DAY?: string;
}

/** The Hono environment of the worker: its bindings, and the acting user once the session is verified. */
export type AppEnv = { Bindings: Env; Variables: { actor: Actor } };
