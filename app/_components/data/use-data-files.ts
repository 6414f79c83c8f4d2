"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "#common/error-message.ts";
import {
  fileName,
  MAX_FILE_BYTES,
  type MountedFile,
  readMirror,
  reconcile,
  UPLOAD_FORMATS,
  writeMirror,
} from "../../_python/mounted-files.ts";
import type { KernelStatus, PythonKernel } from "../../_python/python-kernel.ts";
import { readDownload, tooLarge } from "./read-download.ts";

export type DatasetChoice = { id: string; title: string; fileName: string; sizeBytes: number | null };

type DataActivity = { label: string; progress: number | null } | null;

/**
 * The files under /data: shown at once from the localStorage mirror, reconciled with the real
 * filesystem when Python is up and after every cell; mounting, uploading, downloading, clearing.
 */
export function useDataFiles(kernel: PythonKernel | undefined, pythonStatus: KernelStatus) {
  const [files, setFiles] = useState<MountedFile[]>(() => readMirror(localStorage));
  const [activity, setActivity] = useState<DataActivity>(null);
  const [error, setError] = useState<string | null>(null);
  const filesRef = useRef(files);
  filesRef.current = files;

  const apply = useCallback((next: MountedFile[]) => {
    writeMirror(localStorage, next);
    setFiles(next);
  }, []);

  const refresh = useCallback(async () => {
    if (!kernel) return;
    try {
      const { files: listed } = await kernel.files({ op: "list" });
      apply(reconcile(filesRef.current, listed));
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [kernel, apply]);

  // Reconciled once Python is up (again, after a restart).
  useEffect(() => {
    if (pythonStatus === "ready") void refresh();
  }, [pythonStatus, refresh]);

  const write = useCallback(
    async (name: string, bytes: ArrayBuffer, added: Pick<MountedFile, "origin" | "title">) => {
      if (!kernel) throw new Error("Python is not available.");
      const { files: listed, written } = await kernel.files({ op: "write", name, bytes });
      apply(reconcile(filesRef.current, listed, { path: written, ...added }));
    },
    [kernel, apply],
  );

  /** Runs one operation with its label shown and its failure reported; answers whether it worked. */
  const perform = useCallback(
    async (label: string, operation: (progress: (share: number) => void) => Promise<void>) => {
      setError(null);
      setActivity({ label, progress: null });
      try {
        await operation((share) => setActivity({ label, progress: share }));
        return true;
      } catch (failure) {
        setError(messageOf(failure));
        return false;
      } finally {
        setActivity(null);
      }
    },
    [],
  );

  const mount = (dataset: DatasetChoice) =>
    perform(`Adding ${dataset.fileName}…`, async (progress) => {
      if (dataset.sizeBytes && dataset.sizeBytes > MAX_FILE_BYTES)
        throw new Error(tooLarge(dataset.fileName, dataset.sizeBytes));
      const response = await fetch(`/api/datasets/${encodeURIComponent(dataset.id)}/download`);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `Could not download ${dataset.fileName} (HTTP ${response.status}).`);
      }
      const bytes = await readDownload(response, {
        name: dataset.fileName,
        expectedBytes: dataset.sizeBytes,
        onProgress: progress,
      });
      await write(dataset.fileName, bytes, { origin: "dataset", title: dataset.title });
    });

  const upload = (file: File) =>
    perform(`Adding ${file.name}…`, async () => {
      if (!UPLOAD_FORMATS.some((format) => file.name.toLowerCase().endsWith(format))) {
        throw new Error(`${file.name}: only ${UPLOAD_FORMATS.join(", ")} files can be added.`);
      }
      if (file.size > MAX_FILE_BYTES) throw new Error(tooLarge(file.name, file.size));
      await write(file.name, await file.arrayBuffer(), { origin: "upload" });
    });

  const download = (path: string) =>
    perform(`Preparing ${fileName(path)}…`, async () => {
      if (!kernel) throw new Error("Python is not available.");
      const { bytes } = await kernel.files({ op: "read", path });
      if (!bytes) throw new Error(`${path} could not be read.`);
      const url = URL.createObjectURL(new Blob([bytes]));
      const link = Object.assign(document.createElement("a"), { href: url, download: fileName(path) });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });

  /** Marks a file's private columns (kept in the mirror, where the rest of what we know of it is). */
  const setPrivateColumns = useCallback(
    (path: string, columns: string[]) =>
      apply(
        filesRef.current.map((file) =>
          file.path === path ? { ...file, privateColumns: columns.length ? columns : undefined } : file,
        ),
      ),
    [apply],
  );

  const clear = () =>
    perform("Clearing /data…", async () => {
      if (!kernel) throw new Error("Python is not available.");
      await kernel.files({ op: "clear" });
      apply([]);
    });

  return {
    files,
    activity,
    error,
    dismissError: () => setError(null),
    refresh,
    mount,
    upload,
    download,
    clear,
    setPrivateColumns,
  };
}

export type DataFiles = ReturnType<typeof useDataFiles>;
