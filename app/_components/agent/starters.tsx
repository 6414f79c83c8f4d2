"use client";

import { useEffect, useState } from "react";
import { fileName } from "../../_python/mounted-files.ts";
import type { DataFiles } from "../data/use-data-files.ts";
import { STARTERS, type Starter } from "./starter-questions.ts";
import styles from "./starters.module.css";

type Props = {
  data: DataFiles;
  /** No model to ask yet, or a conversation is under way. */
  disabled: boolean;
  onAsk: (question: string) => void;
};

/**
 * Starter questions on sample datasets: one click adds the dataset to /data through the Data
 * panel's own mount (progress and errors included) and, once it is there, asks the question.
 */
export function Starters({ data, disabled, onAsk }: Props) {
  const [adding, setAdding] = useState<Starter | null>(null);
  const [added, setAdded] = useState<Starter | null>(null);
  const [failed, setFailed] = useState<Starter | null>(null);
  const isMounted = (starter: Starter) =>
    data.files.some((file) => fileName(file.path) === starter.dataset.fileName);

  // Asked once the file shows in the list: the agent's prompt lists the files it was rendered with.
  useEffect(() => {
    if (added && data.files.some((file) => fileName(file.path) === added.dataset.fileName)) {
      setAdded(null);
      onAsk(added.question);
    }
  }, [added, data.files, onAsk]);

  const start = async (starter: Starter) => {
    setFailed(null);
    if (isMounted(starter)) {
      onAsk(starter.question);
      return;
    }
    setAdding(starter);
    const ok = await data.mount(starter.dataset);
    setAdding(null);
    if (ok) setAdded(starter);
    else setFailed(starter);
  };

  const busy = disabled || adding !== null || added !== null || data.activity !== null;
  return (
    <section className={styles.starters} aria-labelledby="starters-title">
      <h2 id="starters-title" className={styles.title}>
        Or start with a sample dataset
      </h2>
      <ul className={styles.list}>
        {STARTERS.map((starter) => {
          const isAdding = adding === starter;
          return (
            <li key={starter.dataset.id}>
              <button
                type="button"
                className={styles.starter}
                onClick={() => void start(starter)}
                disabled={busy}
                aria-busy={isAdding || undefined}
              >
                <span className={styles.question}>{starter.question}</span>
                <span className={styles.dataset}>
                  {isAdding
                    ? `Adding ${starter.dataset.fileName}…`
                    : `${starter.dataset.title} · ${starter.dataset.fileName}`}
                </span>
                {isAdding ? (
                  <progress
                    className={styles.progress}
                    value={data.activity?.progress ?? undefined}
                    max={1}
                    aria-label={`Adding ${starter.dataset.fileName}`}
                  />
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      {failed && data.error ? (
        <p className={styles.error}>
          {failed.dataset.title} could not be added: {data.error}
        </p>
      ) : null}
    </section>
  );
}
