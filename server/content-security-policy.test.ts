import { describe, expect, it } from "vitest";
import { pagePolicy, pythonWorkerPolicy } from "./content-security-policy.ts";

const directives = (policy: string) =>
  new Map(
    policy.split("; ").map((directive) => {
      const [name = "", ...sources] = directive.split(" ");
      return [name, sources];
    }),
  );

describe("pagePolicy", () => {
  const page = directives(pagePolicy({ nonce: "abc123", scriptHashes: ["'sha256-xyz='"], isDev: false }));

  it("runs only nonced or hashed scripts, never evaluated strings", () => {
    expect(page.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'sha256-xyz='", "'strict-dynamic'"]);
  });

  it("loads images and connects on this origin only (data: and blob: images make no request)", () => {
    expect(page.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(page.get("connect-src")).toEqual(["'self'"]);
    expect(page.get("default-src")).toEqual(["'self'"]);
    expect(page.get("object-src")).toEqual(["'none'"]);
    expect(page.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("lets React's development build evaluate strings, in development only", () => {
    const dev = directives(pagePolicy({ nonce: "n", scriptHashes: [], isDev: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("pythonWorkerPolicy", () => {
  const paths = { runtimePath: "/pyodide/", packagesPath: "/api/python-packages/" };

  it("reaches only the runtime and the package route of the host asked for", () => {
    const worker = directives(pythonWorkerPolicy({ host: "127.0.0.1:3210", ...paths }));
    expect(worker.get("default-src")).toEqual(["'none'"]);
    expect(worker.get("connect-src")).toEqual([
      "127.0.0.1:3210/pyodide/",
      "127.0.0.1:3210/api/python-packages/",
    ]);
    expect(worker.get("script-src")).toEqual(["127.0.0.1:3210/pyodide/", "'wasm-unsafe-eval'"]);
    expect(worker.get("worker-src")).toEqual(["'none'"]);
  });

  it("names nothing for a missing or malformed Host rather than letting it write the policy", () => {
    for (const host of [null, "", "evil.example; connect-src *", "a b"]) {
      const worker = directives(pythonWorkerPolicy({ host, ...paths }));
      expect(worker.get("connect-src"), String(host)).toEqual(["'none'"]);
      expect(worker.get("script-src"), String(host)).toEqual(["'wasm-unsafe-eval'"]);
    }
    expect(directives(pythonWorkerPolicy({ host: "[::1]:3000", ...paths })).get("connect-src")).toContain(
      "[::1]:3000/pyodide/",
    );
  });
});
