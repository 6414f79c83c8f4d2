"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { writeMirror } from "./mounted-files.ts";
import { WORKER_URL } from "./protocol.ts";
import { PythonKernel } from "./python-kernel.ts";

let kernel: PythonKernel | undefined;

/** Starts the page's kernel (once): as early as possible, since Python takes seconds to start. */
export function startPythonKernel(timeoutMs: number) {
  kernel ??= new PythonKernel(WORKER_URL, timeoutMs);
  return kernel;
}

/**
 * The page's one Python kernel, started on first use (at page load) and kept for the page's
 * lifetime so variables survive from cell to cell.
 */
export function usePythonKernel(timeoutMs: number) {
  const [instance, setInstance] = useState<PythonKernel | undefined>(kernel);
  useEffect(() => setInstance(startPythonKernel(timeoutMs)), [timeoutMs]);
  const status = useSyncExternalStore(
    instance?.subscribe ?? noSubscribe,
    () => instance?.getStatus() ?? "starting",
    () => "starting" as const,
  );
  return { kernel: instance, status };
}

const noSubscribe = () => () => {};

/**
 * After signing out, the next visitor of this browser gets nothing of the last one: /data is
 * wiped and the interpreter, with its variables, replaced.
 */
export async function forgetLocalData(timeoutMs: number) {
  writeMirror(localStorage, []);
  // Python's start-up snapshot is in Cache Storage, where cell code could also have written.
  await caches.delete("ada-python").catch(() => false);
  await startPythonKernel(timeoutMs).wipe();
}
