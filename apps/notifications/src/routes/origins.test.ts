import { describe, expect, it } from "vitest";
import { isOriginAllowed } from "./origins";

describe("isOriginAllowed", () => {
  const allowed = "http://127.0.0.1:5173, https://app.example.com";

  it("accepts listed origins and refuses others, exactly", () => {
    expect(isOriginAllowed("https://app.example.com", allowed)).toBe(true);
    expect(isOriginAllowed("http://127.0.0.1:5173", allowed)).toBe(true);
    expect(isOriginAllowed("https://app.example.com.evil.net", allowed)).toBe(false);
    expect(isOriginAllowed("http://app.example.com", allowed)).toBe(false);
  });

  it("refuses every browser origin when none is configured", () => {
    expect(isOriginAllowed("http://127.0.0.1:5173", "")).toBe(false);
  });

  it("lets clients that send no Origin (servers, scripts) through: they carry no ambient cookie", () => {
    expect(isOriginAllowed(undefined, "")).toBe(true);
  });
});
