export * from "./cookie";
export * from "./session";
