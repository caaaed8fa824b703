export * from "./session";
export * from "./cookie";
