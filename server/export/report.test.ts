import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildReport } from "./report.ts";
import { CHART_BOOT } from "./report-renderer.ts";
import { CELL_IDS, demoSession } from "./test-session.ts";

const LIBRARIES = "window.vegaEmbed = () => Promise.resolve();";
const hash = (script: string) => `'sha256-${createHash("sha256").update(script).digest("base64")}'`;
const policyOf = (html: string) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];

describe("buildReport", () => {
  const html = buildReport(demoSession(), LIBRARIES);

  it("holds the questions, the answers, the folded code and the date", () => {
    expect(html).toContain("<title>How has Seattle&#39;s weather changed?</title>");
    expect(html).toContain('<div class="question">How has Seattle&#39;s weather changed?\nBe brief.</div>');
    expect(html).toContain("<p>Let me look at the <strong>first rows</strong>.</p>");
    expect(html).toContain("Exported from Ada on 2026-11-30 12:30 UTC");
    expect(html).toContain('<details class="code"><summary>Cell [4] · edited</summary>');
    expect(html).toContain("<summary>Skipped: not needed</summary>");
  });

  it("lets only its own scripts run and nothing load", () => {
    expect(policyOf(html)).toBe(
      `default-src 'none'; script-src ${hash(LIBRARIES)} ${hash(CHART_BOOT)}; style-src 'unsafe-inline'; ` +
        "img-src data: blob:; base-uri 'none'; form-action 'none'",
    );
    expect(html).not.toMatch(/<(?:script|img|link|iframe)[^>]+(?:src|href)="https?:/);
  });

  it("carries each chart's spec without its embed options, unable to close its script element", () => {
    const json = /<script type="application\/json" id="chart-1">(.*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(json).not.toContain("</");
    const spec = JSON.parse(json);
    expect(spec.data.values[1].month).toBe("Feb </script><b>");
    expect(spec.usermeta).toEqual({});
    expect(spec.width).toBe("container");
    expect(html).toContain('<div class="chart" data-chart="chart-1" data-mode="vega-lite">');
  });

  it("shows tables, images, Markdown and errors, and model HTML only in a sandbox", () => {
    expect(html).toContain("1,461 rows × 2 columns, showing the first 2");
    expect(html).toContain('<tr><th class="num">0</th><td>2012-01-01</td><td class="num">12.8</td></tr>');
    expect(html).toContain('<img alt="&lt;Figure&gt;" src="data:image/png;base64,iVBOR');
    expect(html).toContain(
      '<iframe class="html" sandbox="" title="HTML output" srcdoc="&lt;b&gt;bold&lt;/b&gt;&lt;script&gt;',
    );
    expect(html).toContain("<em>note</em>");
    expect(html).toContain(
      '<pre class="stderr">Traceback (most recent call last)\nKeyError: &#39;Temp_Max&#39;</pre>',
    );
  });

  it("has no script at all without a chart", () => {
    const plain = buildReport(demoSession({ turns: [{ role: "user", text: "hi" }] }), LIBRARIES);
    expect(plain).not.toContain("<script");
    expect(policyOf(plain)).toContain("script-src 'none'");
  });

  it("says how the replay went, and each cell's verdict", () => {
    const replayed = buildReport(
      demoSession({
        replay: {
          replayedAt: new Date("2026-11-30T12:00:00Z"),
          cells: [
            { cellId: CELL_IDS.table, verdict: "same", diff: "" },
            { cellId: CELL_IDS.failed, verdict: "error", diff: "NameError: rows" },
          ],
        },
      }),
      LIBRARIES,
    );
    expect(replayed).toContain(
      '<p class="replay" data-ok="false">Replayed on 2026-11-30 12:00 UTC: cell [2] failed (2 cells ran after it)</p>',
    );
    expect(replayed).toContain('<div class="verdict" data-verdict="same">Replay: same output ✓</div>');
    expect(replayed).toContain("<pre>NameError: rows</pre>");
  });
});
