"use client";

import DOMPurify from "dompurify";
import { useEffect, useRef } from "react";
import styles from "./outputs.module.css";
import { useShowAll } from "./show-all.tsx";

/**
 * How model-written HTML is shown. "sanitize" (the user's own page): DOMPurify's output inside a
 * shadow root, so a `<style>` in it (pandas' Styler, scikit-learn's reprs) styles only itself.
 * "sandbox" (the admin pages, where an admin's session is at stake): the markup as written, in
 * an iframe with no scripts and no access to the page.
 */
export type HtmlPolicy = "sanitize" | "sandbox";

/** Base look of HTML outputs inside their shadow root; the page's colour variables reach into it. */
const SHADOW_CSS = `
:host { display: block; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--border); text-align: right; white-space: nowrap; }
thead th { border-bottom-color: color-mix(in srgb, currentColor 30%, transparent); }
img, svg, video { max-width: 100%; height: auto; }
a { color: var(--accent); }
`;

const SVG_CSS = ":host { display: block; } svg { max-width: 100%; height: auto; }";

let purifier: ReturnType<typeof DOMPurify> | undefined;

/**
 * Our own DOMPurify instance (its hook stays out of anyone else's): it keeps `<use>`, which
 * DOMPurify drops by default and matplotlib's SVGs draw every glyph and marker with, but only
 * when it points inside the same document (`#id`); any other reference is removed.
 */
function outputPurifier() {
  if (purifier) return purifier;
  purifier = DOMPurify(window);
  purifier.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName.toLowerCase() !== "use") return;
    for (const name of ["href", "xlink:href"]) {
      if (!node.getAttribute(name)?.startsWith("#")) node.removeAttribute(name);
    }
  });
  return purifier;
}

/**
 * Sanitizing runs in an effect: DOMPurify needs a DOM and, on the server, hands its input back
 * unsanitized; so server-rendered HTML never carries the output, the browser fills it in.
 */
function ShadowMarkup({ markup, kind, alt }: { markup: string; kind: "html" | "svg"; alt?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
    const clean =
      kind === "svg"
        ? outputPurifier().sanitize(markup, {
            USE_PROFILES: { svg: true, svgFilters: true },
            ADD_TAGS: ["use"],
          })
        : // FORCE_BODY keeps a leading <style>, which the HTML parser would otherwise hoist away.
          outputPurifier().sanitize(markup, { FORCE_BODY: true, ADD_TAGS: ["use"] });
    root.innerHTML = `<style>${kind === "svg" ? SVG_CSS : SHADOW_CSS}</style>${clean}`;
  }, [markup, kind]);
  return kind === "svg" ? (
    <div ref={host} className={styles.svg} role="img" aria-label={alt} />
  ) : (
    <div ref={host} className={styles.html} />
  );
}

/** `text/html`, cut past the text limit like any text output. */
export function HtmlOutput({ html, policy }: { html: string; policy: HtmlPolicy }) {
  const { shown, notice } = useShowAll(html);
  return (
    <>
      {policy === "sandbox" ? (
        <iframe className={styles.frame} sandbox="" srcDoc={shown} title="HTML output" />
      ) : (
        <ShadowMarkup markup={shown} kind="html" />
      )}
      {notice}
    </>
  );
}

/**
 * `image/svg+xml`. Under "sandbox" it is drawn as an image: an SVG in an `<img>` runs no script
 * and loads nothing, whatever it holds.
 */
export function SvgOutput({ svg, alt, policy }: { svg: string; alt: string; policy: HtmlPolicy }) {
  if (policy === "sandbox") {
    return (
      // biome-ignore lint/performance/noImgElement: a data URL of a stored output, nothing to optimise
      <img
        className={styles.image}
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
        alt={alt}
      />
    );
  }
  return <ShadowMarkup markup={svg} kind="svg" alt={alt} />;
}
