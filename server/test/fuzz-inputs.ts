/**
 * Hostile input for the fuzz test (test code): values, and inputs built from a procedure's own
 * Zod schema — a plausible value for every field, then each field in turn replaced by each
 * hostile value, so the bad value reaches as far into the code as validation lets it.
 */
import { randomUUID } from "node:crypto";

/** Text that databases, tokenizers, terminals and path handling get wrong. */
export const hostileStrings: [string, string][] = [
  ["NUL", "\u0000"],
  ["embedded NUL", "before\u0000after"],
  ["100k characters", "x".repeat(100_000)],
  ["emoji, RTL override, zero-width, BOM", "😀\u202e\u200b\ufeffabc"],
  ["lone high surrogate", "a\ud800b"],
  ["lone low surrogate", "\udfff"],
  ["combining marks", `a${"\u0301".repeat(5_000)}`],
  ["special tokens", "<|endoftext|><|im_start|>system<|im_end|>"],
  ["SQL", "'); DROP TABLE agent_sessions; --"],
  ["path traversal", "../../../etc/passwd"],
  ["prototype key", "__proto__"],
  ["empty", ""],
  ["blank", "   "],
];

/** Deeply nested arrays: recursive code further on overflows its stack on these. */
const deepNesting = (depth: number): unknown => {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Values of the wrong type or the wrong size (superjson carries NaN, Infinity, dates, bigints). */
const hostileValues: [string, unknown][] = [
  ["null", null],
  ["true", true],
  ["zero", 0],
  ["negative", -1],
  ["fraction", 1.5],
  ["1e308", 1e308],
  ["past MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER + 2],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["invalid date", new Date(Number.NaN)],
  ["date before Postgres's range", new Date(-8.64e15)],
  ["bigint", 10n ** 30n],
  ["object", { nested: { value: "\u0000" } }],
  ["10,000 items", Array.from({ length: 10_000 }, () => "x")],
  // Deeper than any input guard allows, shallow enough for superjson to send.
  ["nested 1,000 deep", deepNesting(1_000)],
];

/**
 * Stands for nesting too deep for superjson (or JSON.stringify) to build: `toRawJson` writes
 * it into the request's JSON text, where only the server's parsers meet it.
 */
const DEEP_MARKER = "\ue000nested 100,000 deep\ue000";

const allHostile: [string, unknown][] = [
  ...hostileStrings,
  ...hostileValues,
  ["nested 100,000 deep", DEEP_MARKER],
];

/** An input as tRPC's client sends it (superjson), with any deep marker written out. */
export function toRawJson(serialized: unknown) {
  const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
  return JSON.stringify(serialized).replaceAll(JSON.stringify(DEEP_MARKER), deep);
}

type Def = { type: string; [key: string]: unknown };
type Path = (string | number)[];
/** Which alternative each union takes (by its definition); the first when not given. */
type Choices = Map<Def, number>;

const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

/** The schema a wrapper (optional, default, a pipe after a transform…) stands for. */
function unwrap(def: Def): unknown {
  if (def.type === "pipe") return defOf(def.in).type === "transform" ? def.out : def.in;
  return ["optional", "nullable", "default", "prefault", "readonly", "catch"].includes(def.type)
    ? def.innerType
    : undefined;
}

const chosen = (def: Def, choices: Choices) => (def.options as unknown[])[choices.get(def) ?? 0];

/** A value the schema accepts, or close to it: the base each hostile value is put into. */
function plausible(schema: unknown, choices: Choices): unknown {
  const def = defOf(schema);
  const inner = unwrap(def);
  if (inner) return plausible(inner, choices);
  switch (def.type) {
    case "string":
      return def.format === "uuid" ? randomUUID() : def.format === "email" ? "fuzz@example.com" : "fuzz";
    case "number":
      return 1;
    case "boolean":
      return true;
    case "date":
      return new Date();
    case "enum":
      return Object.values(def.entries as Record<string, unknown>)[0];
    case "literal":
      return (def.values as unknown[])[0];
    case "object":
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, unknown>).map(([key, field]) => [
          key,
          plausible(field, choices),
        ]),
      );
    case "array":
      return [plausible(def.element, choices)];
    case "record":
      return { "text/plain": "fuzz" };
    case "union":
      return plausible(chosen(def, choices), choices);
    default:
      return "fuzz";
  }
}

/** Paths to the fields of the plausible value: nested objects, first array items, a record's value. */
function fieldPaths(schema: unknown, choices: Choices, at: Path = []): Path[] {
  const def = defOf(schema);
  const inner = unwrap(def);
  if (inner) return fieldPaths(inner, choices, at);
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, unknown>).flatMap(([key, field]) => [
        [...at, key],
        ...fieldPaths(field, choices, [...at, key]),
      ]);
    case "array":
      return [[...at, 0], ...fieldPaths(def.element, choices, [...at, 0])];
    case "record":
      return [[...at, "text/plain"]];
    case "union":
      return fieldPaths(chosen(def, choices), choices, at);
    default:
      return [];
  }
}

/** Every union in a schema, each alternative's own included. */
function unions(schema: unknown): Def[] {
  const def = defOf(schema);
  const inner = unwrap(def);
  if (inner) return unions(inner);
  if (def.type === "object") return Object.values(def.shape as Record<string, unknown>).flatMap(unions);
  if (def.type === "array") return unions(def.element);
  if (def.type === "union") return [def, ...(def.options as unknown[]).flatMap(unions)];
  return [];
}

/** `base` with the value at `path` replaced (a deep copy along the path). */
function withValue(base: unknown, path: Path, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<
    string | number,
    unknown
  >;
  copy[key] = withValue(copy[key], rest, value);
  return copy;
}

/**
 * Every input to try against a procedure whose input schema is `schema` (none: undefined): the
 * hostile values as the whole input, then in each field of a plausible input — once with every
 * union at its first alternative, then with each other alternative of each union.
 */
export function* inputsFor(schema: unknown): Generator<[string, unknown]> {
  for (const [label, value] of allHostile) yield [`input = ${label}`, value];
  if (!schema) return;
  const bases: [string, Choices][] = [["", new Map()]];
  for (const union of unions(schema)) {
    (union.options as unknown[]).forEach((_, index) => {
      if (index > 0) bases.push([` (alternative ${index})`, new Map([[union, index]])]);
    });
  }
  for (const [variant, choices] of bases) {
    const base = plausible(schema, choices);
    yield [`plausible input${variant}`, base];
    for (const path of fieldPaths(schema, choices)) {
      for (const [label, value] of allHostile) {
        yield [`${path.join(".")}${variant} = ${label}`, withValue(base, path, value)];
      }
    }
  }
}
