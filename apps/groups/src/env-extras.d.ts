/**
 * What `wrangler types` cannot know, on top of the generated `Env` (worker-configuration.d.ts).
 */
interface Env {
  /**
   * The objects belong to the notifications worker (`script_name`), so the generated type has no RPC methods;
   * their contract is `NotificationsRpc`, not that worker's class, whose code this one never imports.
   */
  NOTIFICATIONS: DurableObjectNamespace<import("@repo/notifications").NotificationsRpc>;
  // Outbox tuning deliberately not in wrangler.jsonc `vars`: config.ts has the defaults, tests shorten them.
  OUTBOX_BASE_DELAY_MS?: string;
  OUTBOX_BATCH_SIZE?: string;
  PUBLISH_TIMEOUT_MS?: string;
  OUTBOX_PERMANENT_ATTEMPTS?: string;
}

declare namespace Cloudflare {
  /** The same binding as `env` of cloudflare:workers sees it (there the generated type would win). */
  interface Env {
    NOTIFICATIONS: DurableObjectNamespace<import("@repo/notifications").NotificationsRpc>;
  }
}
