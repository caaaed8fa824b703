import { describe, expect, it } from "vitest";
import { defaultSessionUrl, defaultSocketUrl } from "./default-urls";

describe("default URLs", () => {
  it("uses ws: on an http page and wss: on an https page, on the page's own host", () => {
    const local = { protocol: "http:", host: "127.0.0.1:5173", origin: "http://127.0.0.1:5173" };
    const deployed = { protocol: "https:", host: "app.example.com", origin: "https://app.example.com" };
    expect(defaultSocketUrl(local)).toBe("ws://127.0.0.1:5173/ws/notifications");
    expect(defaultSocketUrl(deployed)).toBe("wss://app.example.com/ws/notifications");
  });

  it("probes the session on the page's own origin", () => {
    expect(defaultSessionUrl({ protocol: "https:", host: "app.example.com", origin: "https://app.example.com" })).toBe(
      "https://app.example.com/api/session",
    );
  });
});
