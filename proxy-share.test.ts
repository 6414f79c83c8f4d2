import { NextRequest } from "next/server";
import { expect, it } from "vitest";
import { proxy } from "./proxy.ts";

const call = (path: string) =>
  proxy(new NextRequest(`http://127.0.0.1:3210${path}`, { headers: { host: "127.0.0.1:3210" } }));

it("gives a shared session's page its own policy, keeps it out of search engines and its token out of Referers", () => {
  const response = call("/s/abcdefghijklmnopqrstuvwxyz012345");
  const policy = response.headers.get("content-security-policy") ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[\w-]+' 'strict-dynamic'/);
  expect(policy).toContain("connect-src 'none'");
  expect(policy).toContain("worker-src 'none'");
  expect(policy).toContain("form-action 'none'");
  expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
  expect(response.headers.get("x-robots-tag")).toBe("noindex, nofollow");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(call("/").headers.get("x-robots-tag")).toBeNull();
});
