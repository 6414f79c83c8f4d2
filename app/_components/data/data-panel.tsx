"use client";

import { type DragEvent, useState } from "react";
import { formatSize } from "../../_lib/format-size.ts";
import { fileName, UPLOAD_FORMATS } from "../../_python/mounted-files.ts";
import { CatalogDialog } from "./catalog-dialog.tsx";
import styles from "./data.module.css";
import { PrivateColumnsDialog } from "./private-columns-dialog.tsx";
import type { DataFiles } from "./use-data-files.ts";

const ORIGIN_LABEL = { dataset: "dataset", upload: "your file", python: "written by Python" } as const;

/** The files under /data as chips: add a dataset, upload, download any file, clear. */
export function DataPanel({ data }: { data: DataFiles }) {
  const [choosing, setChoosing] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [privacyOf, setPrivacyOf] = useState<string | null>(null);
  const busy = data.activity !== null;

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) void data.upload(dropped);
  };

  return (
    <section
      className={styles.panel}
      aria-label="Data"
      data-dragging={dragging || undefined}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2 className={styles.heading}>
        Data <span className={styles.path}>/data</span>
      </h2>
      {data.files.length === 0 ? (
        <p className={styles.hint}>No files yet. Add a dataset, or drop a CSV, JSON or Parquet file here.</p>
      ) : (
        <ul className={styles.chips}>
          {data.files.map((file) => (
            <li
              key={file.path}
              className={styles.chip}
              data-testid="data-file"
              title={`${file.path} · ${formatSize(file.sizeBytes)} · ${ORIGIN_LABEL[file.origin]}${file.columns?.length ? `\ncolumns: ${file.columns.map((column) => `${column.name} (${column.type})`).join(", ")}` : ""}`}
            >
              <span className={styles.chipName}>{fileName(file.path)}</span>
              <span className={styles.chipSize}>{formatSize(file.sizeBytes)}</span>
              {file.privateColumns?.length ? (
                <span
                  className={styles.privateBadge}
                  data-tone="accent"
                  data-testid="private-columns"
                  title={`Private (masked for the model): ${file.privateColumns.join(", ")}`}
                >
                  {file.privateColumns.length} private
                </span>
              ) : null}
              {file.columns?.length ? (
                <button
                  type="button"
                  className={styles.chipButton}
                  aria-label={`Private columns of ${fileName(file.path)}`}
                  title="Choose columns whose values the model never sees"
                  onClick={() => setPrivacyOf(file.path)}
                  disabled={busy}
                >
                  ⊘
                </button>
              ) : null}
              <button
                type="button"
                className={styles.chipButton}
                aria-label={`Download ${fileName(file.path)}`}
                onClick={() => void data.download(file.path)}
                disabled={busy}
              >
                ↓
              </button>
            </li>
          ))}
        </ul>
      )}
      {data.activity ? (
        <div className={styles.activity} role="status">
          {data.activity.label}
          <progress value={data.activity.progress ?? undefined} max={1} />
        </div>
      ) : null}
      {data.error ? (
        <p className={styles.error} role="alert">
          {data.error}{" "}
          <button type="button" className={styles.link} onClick={data.dismissError}>
            Dismiss
          </button>
        </p>
      ) : null}
      <div className={styles.actions}>
        <button type="button" className={styles.button} onClick={() => setChoosing(true)} disabled={busy}>
          Add dataset
        </button>
        <label className={styles.upload} aria-disabled={busy}>
          Upload
          <input
            type="file"
            accept={UPLOAD_FORMATS.join(",")}
            disabled={busy}
            aria-label="Upload a CSV, JSON or Parquet file"
            onChange={(event) => {
              const chosen = event.target.files?.[0];
              event.target.value = "";
              if (chosen) void data.upload(chosen);
            }}
          />
        </label>
        <button
          type="button"
          className={styles.button}
          onClick={() =>
            window.confirm("Remove every file under /data from this browser?") && void data.clear()
          }
          disabled={busy || data.files.length === 0}
        >
          Clear
        </button>
      </div>
      <PrivateColumnsDialog
        file={data.files.find((file) => file.path === privacyOf) ?? null}
        onClose={() => setPrivacyOf(null)}
        onSave={(path, columns) => {
          data.setPrivateColumns(path, columns);
          setPrivacyOf(null);
        }}
      />
      <CatalogDialog
        open={choosing}
        mounted={new Set(data.files.map((file) => fileName(file.path)))}
        onClose={() => setChoosing(false)}
        onChoose={(dataset) => {
          setChoosing(false);
          void data.mount(dataset);
        }}
      />
    </section>
  );
}
