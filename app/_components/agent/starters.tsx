"use client";

import { useState } from "react";
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
  const [failed, setFailed] = useState<Starter | null>(null);

  const start = async (starter: Starter) => {
    setFailed(null);
    const mounted = data.files.some((file) => fileName(file.path) === starter.dataset.fileName);
    if (!mounted) {
      setAdding(starter);
      const added = await data.mount(starter.dataset);
      setAdding(null);
      if (!added) {
        setFailed(starter);
        return;
      }
    }
    onAsk(starter.question);
  };

  const busy = disabled || adding !== null || data.activity !== null;
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
