export * from "./sockets.ts";
