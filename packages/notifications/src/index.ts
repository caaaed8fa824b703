export * from "./client.ts";
export * from "./rpc.ts";
