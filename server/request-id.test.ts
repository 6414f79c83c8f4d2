import { describe, expect, it } from "vitest";
import { REQUEST_ID_HEADER, requestIdFor } from "./request-id.ts";

describe("requestIdFor", () => {
  it("keeps a well-formed upstream id", () => {
    expect(requestIdFor(new Headers({ [REQUEST_ID_HEADER]: "lb-1234abcd" }))).toBe("lb-1234abcd");
  });

  it("replaces a missing or malformed one with a fresh UUID", () => {
    const uuid = /^[0-9a-f-]{36}$/;
    expect(requestIdFor(new Headers())).toMatch(uuid);
    expect(requestIdFor(new Headers({ [REQUEST_ID_HEADER]: "bad id with spaces <script>" }))).toMatch(uuid);
  });
});
