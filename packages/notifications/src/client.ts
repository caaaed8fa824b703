// What browsers need: events and the wire protocol, without the Durable Object RPC interface
// (it names the Workers runtime's `Rpc` types, which clash with the DOM's).
export * from "./events.ts";
export * from "./inbox.ts";
export * from "./protocol.ts";
