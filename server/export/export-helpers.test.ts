import { describe, expect, it } from "vitest";
import { summarizeReplay } from "#common/replay-summary.ts";
import { catalogUrls, filesUsed } from "./data-files.ts";
import { markdownToHtml } from "./markdown-html.ts";
import { fileStem } from "./session-data.ts";

describe("filesUsed", () => {
  const catalog = catalogUrls("https://example.test/seaborn/");

  it("lists each /data file the code names once, with its catalog source or as uploaded", () => {
    const files = filesUsed(
      [
        'pd.read_csv("/data/iris.csv")\nopen("/data/seattle-weather.csv")',
        "df.to_csv('/data/iris.csv')",
        "x = '/data/my file.csv'",
      ],
      catalog,
    );
    expect(files).toEqual([
      {
        path: "/data/iris.csv",
        catalog: { title: expect.any(String), url: "https://example.test/seaborn/iris.csv" },
      },
      {
        path: "/data/seattle-weather.csv",
        catalog: {
          title: expect.any(String),
          url: expect.stringMatching(
            /^https:\/\/cdn\.jsdelivr\.net\/npm\/vega-datasets@[\d.]+\/data\/seattle-weather\.csv$/,
          ),
        },
      },
    ]);
    expect(filesUsed(["open('/data/mine.parquet')"], catalog)).toEqual([
      { path: "/data/mine.parquet", catalog: null },
    ]);
  });
});

describe("summarizeReplay", () => {
  const executed = [{ id: "a" }, { id: "b" }, { id: "c" }];
  const replayedAt = new Date("2026-11-30T12:00:00Z");

  it("is a tick when every cell replayed the same", () => {
    const cells = executed.map((cell) => ({ cellId: cell.id, verdict: "same" as const, diff: "" }));
    expect(summarizeReplay({ replayedAt, cells }, executed)).toEqual({
      ok: true,
      text: "Replayed ✓ on 2026-11-30 12:00 UTC",
      firstProblem: null,
    });
  });

  it("names the first cell that differed, and the cells that ran after the replay", () => {
    const summary = summarizeReplay(
      {
        replayedAt,
        cells: [
          { cellId: "a", verdict: "same", diff: "" },
          { cellId: "b", verdict: "different", diff: "x" },
        ],
      },
      executed,
    );
    expect(summary.text).toBe(
      "Replayed on 2026-11-30 12:00 UTC: cell [2] gave a different output (1 cell ran after it)",
    );
    expect(summary.firstProblem).toEqual({ cellId: "b", number: 2, verdict: "different" });
  });
});

describe("markdownToHtml", () => {
  it("renders GitHub Markdown and drops raw HTML and unsafe links", () => {
    const html = markdownToHtml(
      '**a** [x](javascript:alert(1)) [y](https://e.test/?a=1&b="2")\n\n<script>alert(1)</script>\n\n| n |\n|--:|\n| 1 |',
    );
    expect(html).toContain('<strong>a</strong> <a>x</a> <a href="https://e.test/?a=1&amp;b=%222%22">y</a>');
    expect(html).not.toContain("<script");
    expect(html).toContain('<td align="right">1</td>');
  });
});

describe("fileStem", () => {
  it("makes a file name of the title", () => {
    expect(fileStem("How has Seattle's weather changed?")).toBe("how-has-seattles-weather-changed");
    expect(fileStem("???")).toBe("analysis");
  });
});
