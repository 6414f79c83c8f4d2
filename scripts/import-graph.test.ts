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

const marked = (code: string) => `import "server-only";\n${code}`;

describe("the import graph's rules", () => {
  it("hold for this project", () => {
    expect(violations(readGraph(process.cwd(), PROJECT_ROOTS))).toEqual([]);
  });

  it("find a cycle between files, type-only imports and re-exports included", () => {
    const root = tree({
      "server/a/one.ts": marked('export { two } from "./two.ts";'),
      "server/a/two.ts": marked('import type { One } from "./one.ts";\nexport const two = 2;'),
      "server/a/three.ts": marked('const lazy = () => import("./four.ts");\nexport const three = 3;'),
      "server/a/four.ts": marked('import {\n  three,\n} from "./three.ts";'),
    });
    expect(violations(readGraph(root, ["server"]))).toEqual([
      "import cycle between files: server/a/four.ts ⇄ server/a/three.ts",
      "import cycle between files: server/a/one.ts ⇄ server/a/two.ts",
    ]);
  });

  it("find a cycle between feature folders that no two files close, and a server module left unmarked", () => {
    const root = tree({
      "server/auth/auth.ts": marked(
        'const glob = "/sign-in/*";\nimport { seed } from "../accounts/seed.ts";',
      ),
      "server/accounts/seed.ts": marked('import { key } from "../keys/key.ts";\nexport const seed = 1;'),
      "server/keys/key.ts": marked(
        'import { isBanned } from "#server/auth/access.ts";\nexport const key = 1;',
      ),
      "server/auth/access.ts": "export const isBanned = () => false;",
    });
    expect(violations(readGraph(root, ["server"]))).toEqual([
      "import cycle between folders: server/accounts ⇄ server/auth ⇄ server/keys",
      'server module without "server-only": server/auth/access.ts',
    ]);
  });

  it("find imports against the layers", () => {
    const root = tree({
      "common/limits.ts": 'import { env } from "#server/env.ts";\nexport const LIMIT = 1;',
      "server/env.ts": marked('import { page } from "../app/page.tsx";\nexport const env = {};'),
      "app/page.tsx": 'import { LIMIT } from "#common/limits.ts";\nexport const page = LIMIT;',
    });
    expect(violations(readGraph(root, ["app", "server", "common"]))).toEqual([
      "import cycle between files: app/page.tsx ⇄ common/limits.ts ⇄ server/env.ts",
      "import cycle between folders: app/page.tsx ⇄ common/limits.ts ⇄ server/env.ts",
      "import against the layers (app → server → common): server/env.ts → app/page.tsx",
      "import against the layers (app → server → common): common/limits.ts → server/env.ts",
    ]);
  });

  it("find browser code that reaches server code at run time, and let erased imports through", () => {
    const root = tree({
      "app/_components/panel.tsx": '// A panel.\n"use client";\nimport { helper } from "../_lib/helper.ts";',
      "app/_lib/helper.ts": 'import { messageOf } from "#server/error-message.ts";\nexport const helper = 1;',
      "server/error-message.ts": marked("export const messageOf = String;"),
      "app/_components/typed.tsx": '"use client";\nimport type { AppRouter } from "#server/trpc/root.ts";',
      "app/_components/named.tsx": '"use client";\nimport { type Row } from "#server/rows.ts";',
      "server/trpc/root.ts": marked("export type AppRouter = {};"),
      "server/rows.ts": marked("export type Row = {};"),
      "app/_components/generated.tsx":
        '"use client";\nimport { Prisma } from "#server/generated/prisma/client.ts";',
      "app/_python/worker.ts": 'import { db } from "../_data/db.ts";',
      "app/_data/db.ts": marked("export const db = {};"),
      "common/limits.ts": "export const LIMIT = 1;",
      "app/_components/fine.tsx": '"use client";\nimport { LIMIT } from "#common/limits.ts";',
    });
    expect(violations(readGraph(root, ["app", "server", "common"])).sort()).toEqual([
      "browser module reaches server code: app/_components/generated.tsx → server/generated/prisma/client.ts",
      "browser module reaches server code: app/_components/panel.tsx → app/_lib/helper.ts → server/error-message.ts",
      "browser module reaches server code: app/_python/worker.ts → app/_data/db.ts",
    ]);
  });
});
