import { describe, expect, it } from "vitest";
import { userAgentFamily } from "./user-agent";

describe("userAgentFamily", () => {
  it("names the browser families operators ask about, Edge and Chrome before the Safari they also claim", () => {
    expect(
      userAgentFamily(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
      ),
    ).toBe("Edge");
    expect(
      userAgentFamily(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
      ),
    ).toBe("Chrome");
    expect(userAgentFamily("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0")).toBe("Firefox");
    expect(
      userAgentFamily(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
      ),
    ).toBe("Safari");
  });

  it("calls anything else other, and a missing header nothing", () => {
    expect(userAgentFamily("curl/8.5.0")).toBe("other");
    expect(userAgentFamily("")).toBeNull();
    expect(userAgentFamily(null)).toBeNull();
  });
});
