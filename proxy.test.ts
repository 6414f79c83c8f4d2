import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EarlyPythonWorker } from "./app/_python/early-worker.tsx";
import { proxy } from "./proxy.ts";

const call = (path: string, method = "GET") =>
  proxy(new NextRequest(`http://127.0.0.1:3210${path}`, { method, headers: { host: "127.0.0.1:3210" } }));
const policyOf = (response: Response) => response.headers.get("content-security-policy") ?? "";

describe("proxy", () => {
  it("gives the Python worker's script its own policy, naming the host asked for", () => {
    const policy = policyOf(call("/python-worker.mjs"));
    expect(policy).toContain("connect-src 127.0.0.1:3210/pyodide/ 127.0.0.1:3210/api/python-packages/;");
    expect(policy).toContain("default-src 'none'");
  });

  it("gives a page a fresh nonce, in the response and in the request Next renders it from", () => {
    const [first, second] = [call("/"), call("/admin")];
    const nonce = /'nonce-([\w-]+)'/;
    expect(policyOf(first)).toMatch(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policyOf(first));
    expect(nonce.exec(policyOf(first))?.[1]).not.toBe(nonce.exec(policyOf(second))?.[1]);
  });

  it("allows the inline script the page writes by its hash", () => {
    const script = /<script>(.*)<\/script>/.exec(renderToStaticMarkup(EarlyPythonWorker()))?.[1] ?? "";
    const hash = createHash("sha256").update(script).digest("base64");
    expect(policyOf(call("/"))).toContain(`'sha256-${hash}'`);
  });

  it("empties the browser's HTTP cache on sign-out, and only then", () => {
    expect(call("/api/auth/sign-out", "POST").headers.get("clear-site-data")).toBe('"cache"');
    expect(call("/api/auth/get-session").headers.get("clear-site-data")).toBeNull();
    expect(call("/api/trpc/account.me").headers.get("content-security-policy")).toBeNull();
  });
});
