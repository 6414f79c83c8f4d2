"use client";

import { type CellOutput, errorText, preferredMime } from "#common/nbformat-outputs.ts";
import { stripAnsi } from "./big-text.ts";
import { LongText } from "./long-text.tsx";
import type { HtmlPolicy } from "./markup-output.tsx";
import { MimeOutput } from "./mime-output.tsx";
import styles from "./outputs.module.css";

type Props = {
  outputs: readonly CellOutput[];
  /** How text/html is shown: sanitized in the user's page, sandboxed on the admin pages. */
  html?: HtmlPolicy;
};

/**
 * A cell's outputs in the order the cell made them (Jupyter's nbformat outputs): streams and
 * tracebacks as text, displays and the last expression's value drawn from their richest MIME
 * type. Each carries `data-testid="output"`, its `data-output-type` and, for a display, the
 * `data-mime` it was drawn as.
 */
export function CellOutputs({ outputs, html = "sanitize" }: Props) {
  if (!outputs.length) return null;
  return (
    <div className={styles.outputs} data-testid="cell-output">
      {outputs.map((output, index) => (
        // Outputs are only ever appended (the last stream grows), so a position is an identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <OutputView key={index} output={output} html={html} />
      ))}
    </div>
  );
}

function OutputView({ output, html }: { output: CellOutput; html: HtmlPolicy }) {
  switch (output.output_type) {
    case "stream":
      return (
        <div
          className={styles.output}
          data-testid="output"
          data-output-type="stream"
          data-stream={output.name}
        >
          <LongText text={output.text} className={output.name === "stderr" ? styles.stderr : styles.stdout} />
        </div>
      );
    case "error":
      return (
        <div className={styles.output} data-testid="output" data-output-type="error">
          <LongText
            text={stripAnsi(errorText(output)) || `${output.ename}: ${output.evalue}`}
            className={styles.stderr}
          />
        </div>
      );
    case "display_data":
    case "execute_result": {
      const mime = preferredMime(output.data ?? {});
      return (
        <div
          className={styles.output}
          data-testid="output"
          data-output-type={output.output_type}
          data-mime={mime ?? undefined}
        >
          {mime ? (
            <MimeOutput mime={mime} data={output.data} metadata={output.metadata ?? {}} html={html} />
          ) : (
            <p className={styles.note}>
              An output of a type this page cannot show (
              {Object.keys(output.data ?? {}).join(", ") || "empty"}).
            </p>
          )}
        </div>
      );
    }
    default:
      return (
        <p className={styles.note}>
          An output this page does not know ({String((output as { output_type?: unknown }).output_type)}).
        </p>
      );
  }
}
