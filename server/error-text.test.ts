import { describe, expect, it } from "vitest";
import { cleanErrorText, MAX_ERROR_TEXT } from "./error-text.ts";

describe("cleanErrorText", () => {
  it("removes the deployment's secrets wherever they appear", () => {
    const text = "401 Incorrect API key provided: my-provider-key-123456. Check your settings.";
    expect(cleanErrorText(text, ["my-provider-key-123456"])).toBe(
      "401 Incorrect API key provided: [redacted]. Check your settings.",
    );
  });

  it("removes anything shaped like a credential", () => {
    const text = [
      "key sk-ant-api03-abcdefghijklmnop rejected;",
      "sent Authorization: Bearer eyJhbGciOi.payload.sig",
      "from https://user:hunter2@proxy.example.com/v1",
      'with {"api_key": "abc123"} and ?token=xyz789&x=1',
    ].join(" ");
    const clean = cleanErrorText(text, []);
    for (const leaked of ["abcdefghijklmnop", "eyJhbGciOi", "hunter2", "abc123", "xyz789"]) {
      expect(clean).not.toContain(leaked);
    }
    expect(clean).toContain("proxy.example.com/v1");
  });

  it("drops NUL and other control characters, keeps newlines and tabs", () => {
    expect(cleanErrorText("bad\u0000 input\u001b[31m\tline\nnext", [])).toBe("bad input[31m\tline\nnext");
  });

  it("bounds the length, without splitting a character", () => {
    expect(cleanErrorText("x".repeat(1_000_000), [])).toHaveLength(MAX_ERROR_TEXT);
    const emoji = cleanErrorText("😀".repeat(1_000), []);
    expect(emoji.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
    expect(emoji).toMatch(/^(😀)+…$/u);
  });
});
