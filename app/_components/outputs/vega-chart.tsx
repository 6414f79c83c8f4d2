"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import type { Loader } from "vega";
import type { Result, VisualizationSpec } from "vega-embed";
import { messageOf } from "#common/error-message.ts";
import { fitToWidth, VEGA_MIMES, type VegaMime } from "#common/vega-spec.ts";
import styles from "./outputs.module.css";
import { saveFile } from "./save-file.ts";

type Drawing =
  | { state: "loading" }
  | { state: "drawn"; view: Result["view"] }
  | { state: "failed"; message: string };

/** vega's log level for errors only: a v4 spec's "uses Vega-Lite v4" notice is no news to the user. */
const LOG_ERRORS = 1;

/**
 * A spec is model-written, so it loads nothing: vega would fetch its `data.url` (or an image
 * mark's) with the viewer's cookie, and vega-embed would even take a loader with any method and
 * body from the spec's `usermeta.embedOptions`, so a chart could mint keys, or, drawn on the admin
 * pages, call admin procedures. A chart's data must be inline.
 */
const refuse = () => Promise.reject(new Error("Charts load nothing: their data must be in the spec."));
const NO_LOADER: Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/** The spec without `usermeta.embedOptions`: the embedding's options are ours alone. */
function withoutEmbedOptions(spec: unknown) {
  if (typeof spec !== "object" || spec === null || !("usermeta" in spec)) return spec;
  const { embedOptions: _dropped, ...usermeta } = (spec.usermeta ?? {}) as Record<string, unknown>;
  return { ...spec, usermeta };
}

const isDark = () => window.matchMedia("(prefers-color-scheme: dark)").matches;

/**
 * A Vega or Vega-Lite chart, drawn by vega-embed, which is imported when the first chart is on
 * screen so a page without charts never loads vega. Tooltips are on; the toolbar saves the chart
 * as PNG or SVG (vega-embed's own menu is off: its source and editor links would leave the site).
 */
export function VegaChart({ spec, mime }: { spec: unknown; mime: VegaMime }) {
  const target = useRef<HTMLDivElement>(null);
  const [drawing, setDrawing] = useState<Drawing>({ state: "loading" });
  // The same chart arrives as new objects (live, then the run's result, then the synced row):
  // it is drawn again only when its text changes.
  const specText = useMemo(() => JSON.stringify(spec), [spec]);

  useEffect(() => {
    let result: Result | undefined;
    let isCurrent = true;
    const draw = async () => {
      const element = target.current;
      if (!element) return;
      const { default: embed } = await import("vega-embed");
      if (!isCurrent) return;
      const dark = isDark();
      const fitted = fitToWidth(withoutEmbedOptions(JSON.parse(specText)), VEGA_MIMES[mime]);
      result = await embed(element, fitted as VisualizationSpec, {
        loader: NO_LOADER,
        mode: VEGA_MIMES[mime],
        renderer: "svg",
        actions: false,
        logLevel: LOG_ERRORS,
        // Expressions are interpreted, not compiled into JavaScript functions: a spec is
        // model-written, and compiled expressions are how vega's past XSS advisories got in.
        ast: true,
        ...(dark
          ? {
              theme: "dark" as const,
              config: { background: getComputedStyle(element).getPropertyValue("--surface").trim() },
              tooltip: { theme: "dark" as const },
            }
          : {}),
      });
      if (!isCurrent) {
        result.finalize();
        return;
      }
      setDrawing({ state: "drawn", view: result.view });
    };
    draw().catch((error: unknown) => {
      if (isCurrent) setDrawing({ state: "failed", message: messageOf(error) });
    });
    return () => {
      isCurrent = false;
      result?.finalize();
    };
  }, [specText, mime]);

  return (
    <div className={styles.chart}>
      {drawing.state === "loading" ? (
        <div className={styles.placeholder} role="status">
          Drawing the chart…
        </div>
      ) : null}
      {drawing.state === "failed" ? (
        <p className={styles.error}>This chart could not be drawn: {drawing.message}</p>
      ) : null}
      <div ref={target} data-testid="vega-chart" hidden={drawing.state === "failed"} />
      {drawing.state === "drawn" ? (
        <div className={styles.toolbar}>
          {(["png", "svg"] as const).map((type) => (
            <button
              key={type}
              type="button"
              className={styles.toolButton}
              title={`Save the chart as ${type.toUpperCase()}`}
              onClick={async () =>
                saveFile(`chart.${type}`, await drawing.view.toImageURL(type, type === "png" ? 2 : 1))
              }
            >
              {type.toUpperCase()}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
