/**
 * The project's import graph and the rules ARCHITECTURE.md sets on it: layers import only
 * downwards (`app/` → `server/` → `common/`); no import cycle, between files or between feature
 * folders; every server module marked `server-only`; and no browser module that reaches server
 * code. Imports are read with the OXC parser rolldown ships (dependency-cruiser needs the
 * TypeScript compiler API, which TypeScript 7 no longer has).
 *   node scripts/import-graph.ts   (prints the violations; exit 1 when there are any)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseSync } from "rolldown/utils";

/** `typeOnly`: erased when compiled (`import type`, or every name imported as a type). */
export type Edge = { from: string; to: string; typeOnly: boolean };
/** `browserEntry`: a client component or hook ("use client"), or the Python worker. `marked`: imports `server-only`. */
type SourceFile = { browserEntry: boolean; marked: boolean };
export type Graph = { files: Map<string, SourceFile>; edges: Edge[] };

const SOURCE = /\.(ts|tsx)$/;
const SKIPPED_DIRS = new Set(["node_modules", "generated", ".next", ".sst", ".data", "public"]);
const TEST = /\.(test|int\.test|spec)\.tsx?$|(^|\/)(test|_test|e2e)\//;
/** Path aliases of package.json "imports". */
const ALIASES: [string, string][] = [
  ["#server/", "server/"],
  ["#common/", "common/"],
];
/** The marker that makes a bundler refuse a module in browser code (its own build is empty on the server). */
const MARKER = "server-only";

/** Every source file under `roots` (relative to `root`), tests left out. */
export function readGraph(root: string, roots: string[]): Graph {
  const texts = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (SOURCE.test(entry.name) && !TEST.test(rel)) {
        texts.set(rel, readFileSync(path.join(root, rel), "utf8"));
      }
    }
  };
  for (const r of roots) {
    if (SOURCE.test(r)) texts.set(r, readFileSync(path.join(root, r), "utf8"));
    else walk(r);
  }
  const files = new Map<string, SourceFile>();
  const edges: Edge[] = [];
  for (const [file, text] of texts) {
    const { program, module, errors } = parseSync(file, text);
    if (errors.length) throw new Error(`${file}: ${errors[0]?.message}`);
    const imports: { specifier: string; typeOnly: boolean }[] = [
      ...module.staticImports.map((i) => ({
        specifier: i.moduleRequest.value,
        typeOnly: i.entries.length > 0 && i.entries.every((entry) => entry.isType),
      })),
      ...module.staticExports.flatMap((e) =>
        e.entries.flatMap((entry) =>
          entry.moduleRequest ? [{ specifier: entry.moduleRequest.value, typeOnly: entry.isType }] : [],
        ),
      ),
      // `import(expression)` names no file; a string literal is quoted in the source.
      ...module.dynamicImports.flatMap(({ moduleRequest: { start, end } }) => {
        const literal = /^(["'])(.*)\1$/.exec(text.slice(start, end));
        return literal ? [{ specifier: literal[2] as string, typeOnly: false }] : [];
      }),
    ];
    const directives = program.body.flatMap((node) => ("directive" in node ? [node.directive] : []));
    files.set(file, {
      browserEntry: directives.includes("use client") || file === "app/_python/worker.ts",
      marked: imports.some((i) => i.specifier === MARKER),
    });
    for (const { specifier, typeOnly } of imports) {
      const to = resolve(file, specifier, texts);
      if (to) edges.push({ from: file, to, typeOnly });
    }
  }
  return { files, edges };
}

/**
 * The project file a specifier names, or null for packages. A name under `server/` that is not
 * read (generated code) still counts: browser code must not reach it either.
 */
function resolve(from: string, specifier: string, files: Map<string, string>) {
  let target: string | null = null;
  if (specifier.startsWith(".")) target = path.posix.join(path.posix.dirname(from), specifier);
  for (const [alias, dir] of ALIASES) {
    if (specifier.startsWith(alias)) target = dir + specifier.slice(alias.length);
  }
  if (!target) return null;
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, `${target}/index.ts`]) {
    if (files.has(candidate)) return candidate;
  }
  return target.startsWith("server/") || target.startsWith("common/") || target.startsWith("app/")
    ? target
    : null;
}

/** Strongly connected components with more than one member (Tarjan), largest first. */
export function cycles(nodes: Iterable<string>, edges: { from: string; to: string }[]) {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.from !== e.to) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found.sort((a, b) => b.length - a.length || String(a[0]).localeCompare(String(b[0])));
}

/** The feature folder a file belongs to: `server/quota`, `app/_agent`, `common`; top-level files stand alone. */
export function featureOf(file: string): string {
  const [top, folder, ...rest] = file.split("/");
  if (!folder || !rest.length) return file;
  return top === "common" ? top : `${top}/${folder}`;
}

/**
 * For each server module that browser code reaches, the shortest chain of imports that reach the
 * bundle (type-only imports are erased, so they do not count).
 */
export function browserToServer({ files, edges }: Graph) {
  const runtime = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.typeOnly) runtime.set(e.from, [...(runtime.get(e.from) ?? []), e.to]);
  }
  const entries = [...files].filter(([, file]) => file.browserEntry).map(([name]) => name);
  const seen = new Set(entries);
  const queue = entries.map((entry) => [entry]);
  const chains: string[][] = [];
  for (let chain = queue.shift(); chain; chain = queue.shift()) {
    const file = chain.at(-1) as string;
    if (file.startsWith("server/") || files.get(file)?.marked) {
      chains.push(chain);
      continue;
    }
    for (const to of runtime.get(file) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push([...chain, to]);
      }
    }
  }
  return chains;
}

/** Top-level folders, highest first; files at the top (proxy.ts, instrumentation.ts) sit with `app/`. */
const LAYERS = ["app", "server", "common"];
const layerOf = (file: string) => {
  const top = file.split("/")[0] as string;
  return LAYERS.includes(top) ? top : "app";
};

/** The rules' violations, one line each. */
export function violations(graph: Graph) {
  const lines: string[] = [];
  for (const c of cycles(graph.files.keys(), graph.edges)) {
    lines.push(`import cycle between files: ${c.join(" ⇄ ")}`);
  }
  const folderEdges = graph.edges.map((e) => ({ from: featureOf(e.from), to: featureOf(e.to) }));
  const folders = new Set(folderEdges.flatMap((e) => [e.from, e.to]));
  for (const c of cycles(folders, folderEdges)) {
    lines.push(`import cycle between folders: ${c.join(" ⇄ ")}`);
  }
  for (const { from, to } of graph.edges) {
    if (LAYERS.indexOf(layerOf(to)) < LAYERS.indexOf(layerOf(from))) {
      lines.push(`import against the layers (app → server → common): ${from} → ${to}`);
    }
  }
  for (const [file, { marked }] of graph.files) {
    if (file.startsWith("server/") && !marked) lines.push(`server module without "server-only": ${file}`);
  }
  for (const chain of browserToServer(graph)) {
    lines.push(`browser module reaches server code: ${chain.join(" → ")}`);
  }
  return lines;
}

export const PROJECT_ROOTS = ["app", "server", "common", "proxy.ts", "instrumentation.ts"];

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = violations(readGraph(process.cwd(), PROJECT_ROOTS));
  for (const line of found) console.log(line);
  console.log(
    found.length ? `${found.length} violation(s)` : "import graph: layered, no cycles, no browser → server",
  );
  process.exit(found.length ? 1 : 0);
}
