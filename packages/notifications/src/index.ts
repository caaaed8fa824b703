export * from "./events";
export * from "./protocol";
export * from "./rpc";
