"use client";

import { useEffect, useRef, useState } from "react";
import { fileName, type MountedFile } from "../../_python/mounted-files.ts";
import styles from "./data.module.css";

type Props = {
  file: MountedFile | null;
  onClose: () => void;
  onSave: (path: string, columns: string[]) => void;
};

/**
 * Which columns of a file are private: their values are masked in everything the model is told
 * (the cells on screen keep showing them). A modal dialog; Esc closes it unchanged.
 */
export function PrivateColumnsDialog({ file, onClose, onSave }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (file) {
      setChosen(new Set(file.privateColumns ?? []));
      if (!dialog.current?.open) dialog.current?.showModal();
    } else if (dialog.current?.open) dialog.current.close();
  }, [file]);
  const columns = file?.columns ?? [];
  const toggle = (name: string) =>
    setChosen((now) => {
      const next = new Set(now);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return (
    <dialog ref={dialog} className={styles.dialog} onClose={onClose} aria-labelledby="private-title">
      <header className={styles.dialogHeader}>
        <h2 id="private-title">Private columns{file ? ` of ${fileName(file.path)}` : ""}</h2>
        <button type="button" className={styles.link} onClick={onClose}>
          Close
        </button>
      </header>
      <p className={styles.hint}>
        Values of private columns never reach the model: Python masks them as <code>[private]</code> in the
        output, tables, chart data and errors the agent is told about. Your cells still show them.
      </p>
      {columns.length === 0 ? (
        <p className={styles.hint}>This file has no columns Ada can read.</p>
      ) : (
        <form
          className={styles.privateForm}
          onSubmit={(event) => {
            event.preventDefault();
            if (file)
              onSave(
                file.path,
                columns.map((c) => c.name).filter((name) => chosen.has(name)),
              );
          }}
        >
          <fieldset className={styles.columnList}>
            <legend className={styles.hint}>Mark the columns to keep from the model</legend>
            {columns.map((column) => (
              <label key={column.name} className={styles.columnChoice}>
                <input
                  type="checkbox"
                  checked={chosen.has(column.name)}
                  onChange={() => toggle(column.name)}
                />
                <span className={styles.chipName}>{column.name}</span>
                <span className={styles.chipSize}>{column.type}</span>
              </label>
            ))}
          </fieldset>
          <div className={styles.actions}>
            <button type="submit" className={styles.button}>
              Save
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
