"use client";

import { useEffect, useRef } from "react";
import { formatSize } from "../../_lib/format-size.ts";
import { api } from "../../_trpc/react.tsx";
import styles from "./data.module.css";
import type { DatasetChoice } from "./use-data-files.ts";

const SOURCES = { vega: "Vega datasets", seaborn: "Seaborn datasets", kaggle: "Kaggle" } as const;

type Props = {
  open: boolean;
  mounted: Set<string>;
  onClose: () => void;
  onChoose: (dataset: DatasetChoice) => void;
};

/** The dataset catalog in a modal dialog (Esc closes it). */
export function CatalogDialog({ open, mounted, onClose, onChoose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const catalog = api.datasets.list.useQuery(undefined, { enabled: open, staleTime: 300_000 });
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  return (
    <dialog ref={dialog} className={styles.dialog} onClose={onClose} aria-labelledby="catalog-title">
      <header className={styles.dialogHeader}>
        <h2 id="catalog-title">Add a dataset</h2>
        <button type="button" className={styles.link} onClick={onClose}>
          Close
        </button>
      </header>
      {catalog.isLoading ? <p className={styles.hint}>Loading the catalog…</p> : null}
      {catalog.error ? (
        <p className={styles.error} role="alert">
          {catalog.error.message}
        </p>
      ) : null}
      {Object.entries(SOURCES).map(([source, label]) => {
        const entries = catalog.data?.filter((dataset) => dataset.source === source) ?? [];
        if (entries.length === 0) return null;
        return (
          <section key={source} className={styles.source}>
            <h3>{label}</h3>
            <ul className={styles.catalog}>
              {entries.map((dataset) => (
                <li key={dataset.id} className={styles.dataset}>
                  <div>
                    <div className={styles.datasetTitle}>{dataset.title}</div>
                    <div className={styles.hint}>
                      {dataset.fileName} · {dataset.format.toUpperCase()}
                      {dataset.sizeBytes != null ? ` · ${formatSize(dataset.sizeBytes)}` : ""} ·{" "}
                      {dataset.license}
                    </div>
                    <p className={styles.description}>{dataset.description}</p>
                  </div>
                  <button
                    type="button"
                    className={styles.button}
                    onClick={() => onChoose(dataset)}
                    disabled={mounted.has(dataset.fileName)}
                    aria-label={`Add ${dataset.title}`}
                  >
                    {mounted.has(dataset.fileName) ? "Added" : "Add"}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </dialog>
  );
}
