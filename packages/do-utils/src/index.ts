export * from "./schema.ts";
export * from "./timeout.ts";
