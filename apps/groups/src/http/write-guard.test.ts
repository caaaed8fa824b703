import { describe, expect, it } from "vitest";
import { writeRefusal } from "./write-guard";

const url = "http://127.0.0.1:5173/api/groups";
const write = { method: "POST", url, contentType: "application/json", origin: undefined, fetchSite: undefined };

describe("writeRefusal", () => {
  it("lets a JSON write from a client that is not a browser through, with or without a charset", () => {
    expect(writeRefusal(write)).toBeNull();
    expect(writeRefusal({ ...write, contentType: "application/json; charset=utf-8" })).toBeNull();
    expect(writeRefusal({ ...write, method: "DELETE" })).toBeNull();
  });

  it("refuses a write that is not JSON, or says nothing about its type, with 415", () => {
    for (const contentType of [undefined, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      expect(writeRefusal({ ...write, contentType })).toMatchObject({ status: 415 });
    }
    expect(writeRefusal({ ...write, method: "put", contentType: undefined })).toMatchObject({ status: 415 });
  });

  it("never refuses a read, whatever its headers", () => {
    expect(
      writeRefusal({ ...write, method: "GET", contentType: undefined, origin: "https://evil.example" }),
    ).toBeNull();
  });

  it("lets a browser's same-origin write through, as the UI sends it", () => {
    expect(writeRefusal({ ...write, origin: "http://127.0.0.1:5173", fetchSite: "same-origin" })).toBeNull();
  });

  it("refuses a browser's write from another origin or site with 403", () => {
    expect(writeRefusal({ ...write, origin: "https://evil.example" })).toMatchObject({ status: 403 });
    expect(writeRefusal({ ...write, origin: "http://localhost:5173" })).toMatchObject({ status: 403 });
    expect(writeRefusal({ ...write, origin: "null" })).toMatchObject({ status: 403 });
    for (const fetchSite of ["cross-site", "same-site", "none"]) {
      expect(writeRefusal({ ...write, fetchSite })).toMatchObject({ status: 403 });
    }
    expect(writeRefusal({ ...write, origin: "http://127.0.0.1:5173", fetchSite: "cross-site" })).toMatchObject({
      status: 403,
    });
  });
});
