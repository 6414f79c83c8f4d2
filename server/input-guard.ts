/**
 * Checks raw input before any schema does (every tRPC procedure's; Better Auth's requests): text
 * the database cannot store (NUL, U+0000: Postgres text and jsonb refuse it), nesting deep enough
 * to overflow the stack of recursive code further on (schemas, JSON.stringify, our own walks),
 * and values that are no JSON (superjson can send a bigint, Map, Set… where a schema takes
 * `unknown`, and JSON.stringify throws on a bigint).
 */

import "server-only";

/** Far above real input: a cell's Vega-Lite spec nests about a dozen levels. */
export const MAX_INPUT_DEPTH = 64;

type Node = { value: unknown; depth: number; key: string; parent: Node | null };

const pathOf = (node: Node) => {
  const keys: string[] = [];
  for (let at: Node | null = node; at?.parent; at = at.parent) keys.unshift(at.key);
  return keys.join(".") || "input";
};

/**
 * The first problem in `input`, in words, or null. Iterative, so no depth can overflow it.
 * `allowNul` is for procedures that clean NUL themselves (a cell's output is the program's).
 */
export function findInputProblem(input: unknown, { allowNul = false } = {}): string | null {
  const stack: Node[] = [{ value: input, depth: 0, key: "", parent: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const { value, depth } = node;
    if (typeof value === "string") {
      if (!allowNul && value.includes("\u0000")) return `${pathOf(node)} contains a NUL character (U+0000).`;
      continue;
    }
    if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function") {
      return `${pathOf(node)} is not a JSON value.`;
    }
    if (!value || typeof value !== "object" || value instanceof Date) continue;
    if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) {
      return `${pathOf(node)} is not a JSON value.`;
    }
    if (depth >= MAX_INPUT_DEPTH) return `The input nests deeper than ${MAX_INPUT_DEPTH} levels.`;
    for (const [key, item] of Object.entries(value)) {
      if (!allowNul && key.includes("\u0000"))
        return `A key in ${pathOf(node)} contains a NUL character (U+0000).`;
      stack.push({ value: item, depth: depth + 1, key, parent: node });
    }
  }
  return null;
}

/**
 * The first problem in a request's query and JSON body, for handlers that take input without
 * tRPC (Better Auth's). The request's own body is left unread; a body that is no JSON is the
 * handler's to refuse.
 */
export async function requestInputProblem(request: Request): Promise<string | null> {
  const query = findInputProblem(Object.fromEntries(new URL(request.url).searchParams));
  if (query || !request.body || !request.headers.get("content-type")?.includes("json")) return query;
  try {
    return findInputProblem(JSON.parse(await request.clone().text()));
  } catch {
    return null;
  }
}
