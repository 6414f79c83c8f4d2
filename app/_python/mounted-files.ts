/**
 * The browser's record of what is under /data, mirrored to localStorage so the file chips and the
 * agent's file list are there at once on a reload, before Python is up; reconciled with the real
 * filesystem once it is.
 */
import type { DataFile } from "./protocol.ts";

export type FileOrigin = "dataset" | "upload" | "python";
export type MountedFile = DataFile & { origin: FileOrigin; title?: string };

const KEY = "ada:data-files";

/** The largest file the browser's store (IndexedDB, one value per file) takes in Chromium. */
export const MAX_FILE_BYTES = 120 * 1024 * 1024;

export const UPLOAD_FORMATS = [".csv", ".tsv", ".json", ".parquet"];

export function readMirror(storage: Pick<Storage, "getItem">): MountedFile[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? "[]") as unknown;
    if (!Array.isArray(parsed)) return [];
    return (parsed as MountedFile[])
      .filter((f) => typeof f?.path === "string")
      .map((f) => (Array.isArray(f.columns) && f.columns.every(isColumn) ? f : { ...f, columns: null }));
  } catch {
    return [];
  }
}

/** Mirrors written before columns had types hold plain names: those are read again from the file. */
const isColumn = (column: unknown) =>
  typeof column === "object" && column !== null && typeof (column as { name?: unknown }).name === "string";

export function writeMirror(storage: Pick<Storage, "setItem">, files: MountedFile[]) {
  storage.setItem(KEY, JSON.stringify(files));
}

/**
 * The filesystem is the truth: files that are gone are dropped, files nobody recorded (the
 * agent's) are added, and what we knew of a file (its origin, its title) is kept.
 */
export function reconcile(
  known: MountedFile[],
  listed: DataFile[],
  added?: Partial<MountedFile>,
): MountedFile[] {
  const byPath = new Map(known.map((file) => [file.path, file]));
  return listed.map((file) => {
    const previous = byPath.get(file.path);
    if (added?.path === file.path) return { ...file, origin: added.origin ?? "upload", title: added.title };
    return {
      ...file,
      origin: previous?.origin ?? "python",
      ...(previous?.title && { title: previous.title }),
    };
  });
}

export const fileName = (path: string) => path.split("/").pop() ?? path;
