import { describe, expect, it } from "vitest";
import { type MountedFile, privateColumnsOf, readMirror, reconcile, writeMirror } from "./mounted-files.ts";

const file = (path: string, patch: Partial<MountedFile> = {}): MountedFile => ({
  path,
  sizeBytes: 10,
  columns: null,
  origin: "dataset",
  ...patch,
});

const a = { name: "a", type: "number" };
const b = { name: "b", type: "text" };
const x = { name: "x", type: "integer" };

describe("reconcile", () => {
  it("drops files that are gone, surfaces new ones as the agent's, keeps what was known", () => {
    const known = [file("/data/iris.csv", { title: "Iris" }), file("/data/gone.csv")];
    const listed = [
      { path: "/data/iris.csv", sizeBytes: 20, columns: [a, b] },
      { path: "/data/out.csv", sizeBytes: 5, columns: [x] },
    ];
    expect(reconcile(known, listed)).toEqual([
      { path: "/data/iris.csv", sizeBytes: 20, columns: [a, b], origin: "dataset", title: "Iris" },
      { path: "/data/out.csv", sizeBytes: 5, columns: [x], origin: "python" },
    ]);
  });

  it("records the origin of the file just added", () => {
    const listed = [{ path: "/data/mine.csv", sizeBytes: 1, columns: null }];
    expect(reconcile([], listed, { path: "/data/mine.csv", origin: "upload" })[0]?.origin).toBe("upload");
  });
});

describe("the localStorage mirror", () => {
  it("round-trips, and reads garbage as empty", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    writeMirror(storage, [file("/data/a.csv")]);
    expect(readMirror(storage)).toEqual([file("/data/a.csv")]);
    store.set("ada:data-files", "{not json");
    expect(readMirror(storage)).toEqual([]);
    store.set("ada:data-files", '[{"nope":1}]');
    expect(readMirror(storage)).toEqual([]);
  });

  it("reads a mirror from before columns had types without its column names", () => {
    const storage = { getItem: () => JSON.stringify([{ ...file("/data/a.csv"), columns: ["a", "b"] }]) };
    expect(readMirror(storage)).toEqual([file("/data/a.csv")]);
  });
});

describe("private columns", () => {
  it("stay with the path, also when the file is written again, for the columns it still has", () => {
    const known = [file("/data/p.csv", { columns: [a, b], privateColumns: ["a", "b"] })];
    expect(reconcile(known, [{ path: "/data/p.csv", sizeBytes: 9, columns: [a, x] }])).toEqual([
      { path: "/data/p.csv", sizeBytes: 9, columns: [a, x], origin: "dataset", privateColumns: ["a"] },
    ]);
    const rewritten = reconcile(known, [{ path: "/data/p.csv", sizeBytes: 9, columns: null }], {
      path: "/data/p.csv",
      origin: "upload",
    });
    expect(rewritten[0]?.privateColumns).toEqual(["a", "b"]);
  });

  it("are listed per file for the worker, files without any left out", () => {
    const files = [
      file("/data/p.csv", { privateColumns: ["a"] }),
      file("/data/q.csv", { privateColumns: [] }),
    ];
    expect(privateColumnsOf(files)).toEqual([{ path: "/data/p.csv", columns: ["a"] }]);
  });
});
