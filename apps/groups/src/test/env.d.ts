import type { Env as WorkerEnv } from "../env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** Test only: the auxiliary notifications worker, to open sockets on it as a browser would. */
      NOTIFICATIONS_WORKER: Fetcher;
    }
    interface GlobalProps {
      mainModule: typeof import("../index");
      durableNamespaces: "GroupsDO" | "UserDirectoryDO";
    }
  }
}
