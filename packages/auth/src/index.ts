export * from "./cookie.ts";
export * from "./session.ts";
