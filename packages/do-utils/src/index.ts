export * from "./stub.ts";
export * from "./timeout.ts";
