import { describe, expect, it } from "vitest";
import { findInputProblem, MAX_INPUT_DEPTH, requestInputProblem } from "./input-guard.ts";

const nested = (depth: number) => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = { inner: value };
  return value;
};

describe("findInputProblem", () => {
  it("passes plain JSON values and dates", () => {
    expect(findInputProblem({ name: "Ünïcode 😀", list: [1, null, true], at: new Date() })).toBeNull();
    expect(findInputProblem(undefined)).toBeNull();
  });

  it("names the field that holds a NUL, in a value or a key", () => {
    expect(findInputProblem({ session: { title: "a\u0000b" } })).toBe(
      "session.title contains a NUL character (U+0000).",
    );
    expect(findInputProblem({ outputs: [{ "x\u0000": 1 }] })).toBe(
      "A key in outputs.0 contains a NUL character (U+0000).",
    );
  });

  it("lets a procedure that cleans NUL itself take it", () => {
    expect(findInputProblem({ stdout: "a\u0000b" }, { allowNul: true })).toBeNull();
  });

  it("refuses nesting past the limit without overflowing its own stack", () => {
    expect(findInputProblem(nested(MAX_INPUT_DEPTH - 1))).toBeNull();
    expect(findInputProblem(nested(1_000_000))).toBe(
      `The input nests deeper than ${MAX_INPUT_DEPTH} levels.`,
    );
  });

  it("refuses values that are no JSON", () => {
    expect(findInputProblem({ data: { n: 10n } })).toBe("data.n is not a JSON value.");
    expect(findInputProblem({ data: new Map() })).toBe("data is not a JSON value.");
  });
});

describe("requestInputProblem", () => {
  const post = (body: string, url = "http://localhost/api/auth/sign-in/email-otp") =>
    new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body });

  it("finds NUL in the query and in a JSON body, and leaves the body unread", async () => {
    expect(await requestInputProblem(new Request("http://localhost/api/auth/verify-email?token=%00"))).toBe(
      "token contains a NUL character (U+0000).",
    );
    const request = post(JSON.stringify({ email: "a\u0000@example.com" }));
    expect(await requestInputProblem(request)).toBe("email contains a NUL character (U+0000).");
    expect(request.bodyUsed).toBe(false);
  });

  it("leaves malformed JSON to the handler", async () => {
    expect(await requestInputProblem(post('{"email":'))).toBeNull();
  });
});
