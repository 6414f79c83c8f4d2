/**
 * The project's import graph, read from the source text, and the rules ARCHITECTURE.md sets on it:
 * no import cycle (between files, or between feature folders); every server module marked
 * `server-only`; and no browser module that reaches server code. A script rather than a graph library: dependency-cruiser needs the
 * TypeScript compiler API, which TypeScript 7 no longer ships. Biome keeps every import in one of
 * the shapes matched below.
 *   node scripts/import-graph.ts   (prints the violations; exit 1 when there are any)
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type Edge = { from: string; to: string; typeOnly: boolean };
export type Graph = { files: Map<string, string>; edges: Edge[] };

const SOURCE = /\.(ts|tsx)$/;
const SKIPPED_DIRS = new Set(["node_modules", "generated", ".next", ".sst", ".data", "public"]);
const TEST = /\.(test|int\.test|spec)\.tsx?$|(^|\/)(test|_test|e2e)\//;
/** Path aliases of package.json "imports". */
const ALIASES: [string, string][] = [
  ["#server/", "server/"],
  ["#common/", "common/"],
];

const STATIC_IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every source file under `roots` (relative to `root`), tests and generated code left out. */
export function readGraph(root: string, roots: string[]): Graph {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(rel);
      } else if (SOURCE.test(entry.name) && !TEST.test(rel)) {
        files.set(rel, readFileSync(path.join(root, rel), "utf8"));
      }
    }
  };
  for (const r of roots) {
    if (SOURCE.test(r)) files.set(r, readFileSync(path.join(root, r), "utf8"));
    else walk(r);
  }
  const edges: Edge[] = [];
  for (const [file, text] of files) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const to = resolve(file, m[3] as string, files);
      if (to) edges.push({ from: file, to, typeOnly: Boolean(m[2]) });
    }
    for (const m of code.matchAll(DYNAMIC_IMPORT)) {
      const to = resolve(file, m[1] as string, files);
      if (to) edges.push({ from: file, to, typeOnly: false });
    }
  }
  return { files, edges };
}

/** The project file a specifier names, or null for packages and files outside the graph. */
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
  return null;
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
  return found.sort((a, b) => b.length - a.length);
}

/** The feature folder a file belongs to: `server/quota`, `app/_agent`, `common`; top-level files stand alone. */
export function featureOf(file: string): string {
  const [top, folder, ...rest] = file.split("/");
  if (!folder || !rest.length) return file;
  return top === "common" ? top : `${top}/${folder}`;
}

/** Browser modules: client components and hooks ("use client") and the Python worker's entry. */
const isBrowserEntry = (file: string, text: string) =>
  /^\s*["']use client["']/.test(text) || file === "app/_python/worker.ts";
/** The marker that makes a bundler refuse a module in browser code (its own build is empty on the server). */
const MARKER = /^import ["']server-only["'];?$/m;
const isServerOnly = (file: string, text: string) => file.startsWith("server/") || MARKER.test(text);

/**
 * For each server module that browser code reaches, the shortest chain of imports that reach the
 * bundle (type-only imports are erased, so they do not count).
 */
export function browserToServer({ files, edges }: Graph) {
  const runtime = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.typeOnly) runtime.set(e.from, [...(runtime.get(e.from) ?? []), e.to]);
  }
  const entries = [...files].filter(([file, text]) => isBrowserEntry(file, text)).map(([f]) => f);
  const seen = new Set(entries);
  const queue = entries.map((entry) => [entry]);
  const chains: string[][] = [];
  for (let chain = queue.shift(); chain; chain = queue.shift()) {
    const file = chain.at(-1) as string;
    if (isServerOnly(file, files.get(file) ?? "")) {
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
  for (const [file, text] of graph.files) {
    if (file.startsWith("server/") && !MARKER.test(text))
      lines.push(`server module without "server-only": ${file}`);
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
  console.log(found.length ? `${found.length} violation(s)` : "import graph: no cycles, no browser → server");
  process.exit(found.length ? 1 : 0);
}
