"use client";

import { type MimeBundle, type RenderedMime, textOf } from "#common/nbformat-outputs.ts";
import { isVegaMime } from "#common/vega-spec.ts";
import { DataTable } from "./data-table.tsx";
import { JsonTree } from "./json-tree.tsx";
import { LongText } from "./long-text.tsx";
import { MarkdownOutput } from "./markdown-output.tsx";
import { HtmlOutput, type HtmlPolicy, SvgOutput } from "./markup-output.tsx";
import styles from "./outputs.module.css";
import { saveFile } from "./save-file.ts";
import { VegaChart } from "./vega-chart.tsx";

type Props = {
  mime: RenderedMime;
  data: MimeBundle;
  metadata: Record<string, unknown>;
  html: HtmlPolicy;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A bundle's alternative text: its text/plain (matplotlib's "<Figure size 640x480 with 1 Axes>"). */
const altOf = (data: MimeBundle, fallback: string) =>
  typeof data["text/plain"] === "string" || Array.isArray(data["text/plain"])
    ? textOf(data["text/plain"]).slice(0, 200)
    : fallback;

/** One MIME type of a display_data / execute_result bundle, drawn with the library made for it. */
export function MimeOutput({ mime, data, metadata, html }: Props) {
  const value = data[mime];
  // Jupyter keeps per-type metadata (an image's size, a table's full shape) under the type's name.
  const own = isObject(metadata[mime]) ? metadata[mime] : {};
  if (isVegaMime(mime)) return <VegaChart spec={value} mime={mime} />;
  switch (mime) {
    case "application/vnd.dataresource+json":
      return <DataTable value={value} metadata={own} />;
    case "text/html":
      return <HtmlOutput html={textOf(value)} policy={html} />;
    case "image/svg+xml":
      return (
        <>
          <SvgOutput svg={textOf(value)} alt={altOf(data, "SVG image")} policy={html} />
          <SaveImage fileName="image.svg" data={new Blob([textOf(value)], { type: mime })} />
        </>
      );
    case "image/png":
    case "image/jpeg":
      return (
        <>
          {/* biome-ignore lint/performance/noImgElement: a data URL of a generated image, nothing to optimise */}
          <img
            className={styles.image}
            // nbformat allows base64 split over lines; a data URL must not hold them.
            src={`data:${mime};base64,${textOf(value).replace(/\s/g, "")}`}
            alt={altOf(data, "Image output")}
            width={typeof own.width === "number" ? own.width : undefined}
            height={typeof own.height === "number" ? own.height : undefined}
          />
          <SaveImage
            fileName={mime === "image/png" ? "image.png" : "image.jpg"}
            data={`data:${mime};base64,${textOf(value).replace(/\s/g, "")}`}
          />
        </>
      );
    case "text/markdown":
      return <MarkdownOutput text={textOf(value)} />;
    case "application/json":
      return <JsonTree value={value} />;
    case "text/latex":
    case "text/plain":
      return <LongText text={textOf(value)} className={styles.text} />;
  }
}

/** The toolbar of an image output: save it as the file it is. */
function SaveImage({ fileName, data }: { fileName: string; data: Blob | string }) {
  const type = fileName.split(".").pop()?.toUpperCase();
  return (
    <div className={styles.toolbar}>
      <button
        type="button"
        className={styles.toolButton}
        title={`Save the image as ${type}`}
        onClick={() => saveFile(fileName, data)}
      >
        {type}
      </button>
    </div>
  );
}
