export * from "./embedded.ts";
export * from "./fault-proxy.ts";
export * from "./migrate.ts";
export * from "./test-database.ts";
export * from "./test-run.ts";
export * from "./url.ts";
