export * from "./schema.ts";
export * from "./stub.ts";
export * from "./timeout.ts";
