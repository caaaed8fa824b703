import type { Env as WorkerEnv } from "../env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_DATABASE_URL: string;
      FAULT_CONTROL_URL: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../index");
      durableNamespaces: "NotificationsDO";
    }
  }
}
