/**
 * The chart renderer the HTML report carries inline, so its charts draw offline and stay
 * interactive (tooltips, save as PNG/SVG): vega, vega-lite and vega-embed's browser builds, about
 * 0.8 MB, sent only in reports that have a chart. Read once from node_modules (next.config.ts
 * traces the three files into the standalone build).
 */
import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";

const BUNDLES = [
  ["vega", "build/vega.min.js"],
  ["vega-lite", "build/vega-lite.min.js"],
  ["vega-embed", "build/vega-embed.min.js"],
] as const;

/**
 * Draws every `[data-chart]` from the spec in the JSON script of that id. Like the app's charts
 * (app/_components/outputs/vega-chart.tsx): nothing is loaded (a spec's data must be inline), and
 * expressions are interpreted rather than compiled, so the report's policy needs no 'unsafe-eval'.
 */
export const CHART_BOOT = `(() => {
  const refuse = () => Promise.reject(new Error("Charts load nothing: their data must be in the spec."));
  const loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };
  for (const chart of document.querySelectorAll("[data-chart]")) {
    const view = chart.querySelector(".chart-view");
    const spec = JSON.parse(document.getElementById(chart.dataset.chart).textContent);
    vegaEmbed(view, spec, {
      loader, mode: chart.dataset.mode, renderer: "svg", ast: true, logLevel: 1, downloadFileName: chart.dataset.chart,
      actions: { export: true, source: false, compiled: false, editor: false },
    }).then(
      () => { chart.dataset.drawn = "true"; },
      (error) => { chart.dataset.drawn = "failed"; view.textContent = "This chart could not be drawn: " + error.message; },
    );
  }
})();`;

let cached: string | undefined;

/** The three libraries as one script (they define the globals vega, vegaLite and vegaEmbed). */
export function chartLibraries() {
  cached ??= BUNDLES.map(([name, file]) =>
    // From the project root, where the standalone server has its traced copy too: a bundler's
    // require.resolve is not Node's.
    readFileSync(path.join(process.cwd(), "node_modules", name, file), "utf8")
      // Offline, a source map is only a failed request in the developer tools.
      .replace(/\/\/# sourceMappingURL=\S+\s*$/, ""),
  ).join("\n;\n");
  // Inline, a script ends at the first `</script`: a library holding one would break the report.
  if (/<\/script|<!--/i.test(cached)) throw new Error("A chart library cannot be inlined in a report.");
  return cached;
}
