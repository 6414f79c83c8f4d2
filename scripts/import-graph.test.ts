import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOTS, readGraph, violations } from "./import-graph.ts";

/** A small tree of source files in a temporary folder. */
function tree(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), "import-graph-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("the import graph's rules", () => {
  it("hold for this project", () => {
    expect(violations(readGraph(process.cwd(), PROJECT_ROOTS))).toEqual([]);
  });

  it("find a cycle between files, type-only imports included", () => {
    const root = tree({
      "server/a/one.ts": 'import "server-only";\nimport { two } from "./two.ts";\nexport const one = two;',
      "server/a/two.ts": 'import "server-only";\nimport type { One } from "./one.ts";\nexport const two = 2;',
    });
    expect(violations(readGraph(root, ["server"]))).toEqual([
      "import cycle between files: server/a/one.ts ⇄ server/a/two.ts",
    ]);
  });

  it("find a cycle between feature folders that no two files close, and a server module left unmarked", () => {
    const root = tree({
      "server/auth/auth.ts": 'import "server-only";\nimport { seed } from "../accounts/seed.ts";',
      "server/accounts/seed.ts":
        'import "server-only";\nimport { key } from "../keys/key.ts";\nexport const seed = 1;',
      "server/keys/key.ts": 'import "server-only";\nimport { isBanned } from "#server/auth/access.ts";',
      "server/auth/access.ts": "export const isBanned = () => false;",
    });
    expect(violations(readGraph(root, ["server"]))).toEqual([
      "import cycle between folders: server/accounts ⇄ server/auth ⇄ server/keys",
      'server module without "server-only": server/auth/access.ts',
    ]);
  });

  it("find browser code that reaches server code at run time, and let type imports through", () => {
    const root = tree({
      "app/_components/panel.tsx": '"use client";\nimport { helper } from "../_lib/helper.ts";',
      "app/_lib/helper.ts": 'import { messageOf } from "#server/error-message.ts";\nexport const helper = 1;',
      "server/error-message.ts": 'import "server-only";\nexport const messageOf = String;',
      "app/_components/typed.tsx": '"use client";\nimport type { AppRouter } from "#server/trpc/root.ts";',
      "server/trpc/root.ts": 'import "server-only";\nexport type AppRouter = {};',
      "app/_python/worker.ts": 'import { db } from "../_data/db.ts";',
      "app/_data/db.ts": 'import "server-only";\nexport const db = {};',
      "common/limits.ts": "export const LIMIT = 1;",
      "app/_components/fine.tsx": '"use client";\nimport { LIMIT } from "#common/limits.ts";',
    });
    expect(violations(readGraph(root, ["app", "server", "common"]))).toEqual([
      "browser module reaches server code: app/_python/worker.ts → app/_data/db.ts",
      "browser module reaches server code: app/_components/panel.tsx → app/_lib/helper.ts → server/error-message.ts",
    ]);
  });
});
