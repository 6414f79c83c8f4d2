import { describe, expect, it } from "vitest";
import { hashKey, newKeySecret } from "./key-secret.ts";

describe("newKeySecret", () => {
  it("makes distinct keys whose prefix is their start and whose hash is stable", () => {
    const a = newKeySecret();
    const b = newKeySecret();
    expect(a.key).not.toBe(b.key);
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.prefix).toMatch(/^sk-ada-.{4}$/);
    expect(a.hash).toBe(hashKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.key.slice(7));
  });
});
