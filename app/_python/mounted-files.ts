/**
 * The browser's record of what is under /data, mirrored to localStorage so the file chips and the
 * agent's file list are there at once on a reload, before Python is up; reconciled with the real
 * filesystem once it is.
 */
import type { DataFile, PrivateColumns } from "./protocol.ts";

type FileOrigin = "dataset" | "upload" | "python";
export type MountedFile = DataFile & {
  origin: FileOrigin;
  title?: string;
  /** Columns the user marked private: the worker masks their values in what the model is told. */
  privateColumns?: string[];
};

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
 * agent's) are added, and what we knew of a file (its origin, its title) is kept. Private marks
 * stay with the path, even when a file is written again, for the columns it still has.
 */
export function reconcile(
  known: MountedFile[],
  listed: DataFile[],
  added?: Partial<MountedFile>,
): MountedFile[] {
  const byPath = new Map(known.map((file) => [file.path, file]));
  return listed.map((file) => {
    const previous = byPath.get(file.path);
    const marks = keptPrivateColumns(file, previous?.privateColumns);
    const privacy = marks.length ? { privateColumns: marks } : {};
    if (added?.path === file.path) {
      return { ...file, origin: added.origin ?? "upload", title: added.title, ...privacy };
    }
    return {
      ...file,
      origin: previous?.origin ?? "python",
      ...(previous?.title && { title: previous.title }),
      ...privacy,
    };
  });
}

/** Marks on columns the file no longer has are dropped; with its columns unknown, all are kept. */
function keptPrivateColumns(file: DataFile, marks: string[] | undefined) {
  if (!marks?.length) return [];
  if (!file.columns) return marks;
  const names = new Set(file.columns.map((column) => column.name));
  return marks.filter((name) => names.has(name));
}

/** The private columns of the mounted files, as the worker takes them. */
export function privateColumnsOf(files: readonly MountedFile[]): PrivateColumns[] {
  return files.flatMap((file) =>
    file.privateColumns?.length ? [{ path: file.path, columns: file.privateColumns }] : [],
  );
}

export const fileName = (path: string) => path.split("/").pop() ?? path;
