import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { describe, expect, it } from "vitest";

// The image's migration step runs a few of the app's files against its own small install
// (docker/migrator). Nothing runs that install outside an image build, so these checks keep it
// honest here: every package those files import is in it, at the version the app itself uses.

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
const root = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
const migrator = JSON.parse(read("docker/migrator/package.json")) as {
  dependencies: Record<string, string>;
};
const lock = JSON.parse(read("docker/migrator/package-lock.json")) as {
  packages: Record<string, { dependencies?: Record<string, string> }>;
};

/** The files the Dockerfile copies into /migrator (its `cp --parents … /migrator/` line). */
function copiedFiles(): string[] {
  const files = read("Dockerfile").match(/cp --parents (.*?) \/migrator\//s)?.[1];
  if (!files) throw new Error("Dockerfile: no `cp --parents … /migrator/` step");
  return files.split(/\s+/).filter((word) => word.endsWith(".ts"));
}

/** The package a bare import specifier names (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier: string): string {
  return specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
}

function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:^import[^;]*?from\s+|^import\s+|import\()"([^"]+)"/gm)];
  return specifiers
    .map((match) => match[1] ?? "")
    .filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !builtinModules.includes(s))
    .map(packageOf);
}

describe("the image's migrator package", () => {
  it("copies the launcher and what it needs to migrate", () => {
    expect(copiedFiles()).toEqual(
      expect.arrayContaining(["scripts/run.ts", "server/postgres/schema-engine.ts"]),
    );
  });

  it("installs every package the copied files import", () => {
    const needed = new Set(copiedFiles().flatMap((file) => importedPackages(read(file))));
    expect(needed.size).toBeGreaterThan(0);
    expect([...needed].filter((name) => !(name in migrator.dependencies))).toEqual([]);
  });

  it("pins each package at the app's version, and its lockfile matches", () => {
    for (const [name, version] of Object.entries(migrator.dependencies)) {
      expect({ name, version }).toEqual({ name, version: root.dependencies[name] });
    }
    expect(lock.packages[""]?.dependencies).toEqual(migrator.dependencies);
  });
});
