/**
 * The worker's global `Env` (worker-configuration.d.ts and src/env-extras.d.ts), named here because inside
 * `namespace Cloudflare` the name `Env` means Cloudflare.Env itself. `mainModule` and `durableNamespaces`
 * come from the generated file.
 */
type WorkerEnv = Env;

declare global {
  namespace Cloudflare {
    /** What tests read from `env` of cloudflare:workers: the worker's bindings and the test-only one. */
    interface Env extends WorkerEnv {
      /** Test only: the auxiliary notifications worker, to open sockets on it as a browser would. */
      NOTIFICATIONS_WORKER: Fetcher;
    }
  }
}

export {};
