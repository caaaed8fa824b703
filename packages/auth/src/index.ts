export * from "./cookie.ts";
export * from "./secrets.ts";
export * from "./session.ts";
