"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { PythonKernel } from "./python-kernel.ts";

/** Built by scripts/browser-assets.ts; revalidated on every load (next.config.ts). */
const WORKER_URL = "/python-worker.mjs";

let kernel: PythonKernel | undefined;

/**
 * The page's one Python kernel, started on first use (at page load) and kept for the page's
 * lifetime so variables survive from cell to cell.
 */
export function usePythonKernel(timeoutMs: number) {
  const [instance, setInstance] = useState<PythonKernel | undefined>(kernel);
  useEffect(() => {
    kernel ??= new PythonKernel(WORKER_URL, timeoutMs);
    setInstance(kernel);
  }, [timeoutMs]);
  const status = useSyncExternalStore(
    instance?.subscribe ?? noSubscribe,
    () => instance?.getStatus() ?? "starting",
    () => "starting" as const,
  );
  return { kernel: instance, status };
}

const noSubscribe = () => () => {};
