export * from "./events.ts";
export * from "./protocol.ts";
export * from "./rpc.ts";
