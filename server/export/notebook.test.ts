import { describe, expect, it } from "vitest";
import { buildNotebook, fenced } from "./notebook.ts";
import { CELL_IDS, demoSession } from "./test-session.ts";

describe("buildNotebook", () => {
  const notebook = buildNotebook(demoSession());
  const byId = (id: string) => notebook.cells.find((cell) => cell.id === id);

  it("is nbformat 4.5 with Python 3.14 on Pyodide as its kernel", () => {
    expect(notebook.nbformat).toBe(4);
    expect(notebook.nbformat_minor).toBe(5);
    expect(notebook.metadata.kernelspec).toEqual({
      name: "python3",
      display_name: "Python 3.14 (Pyodide)",
      language: "python",
    });
    expect(notebook.metadata.language_info).toMatchObject({ name: "python", version: "3.14" });
  });

  it("starts with the files the code used and where each came from", () => {
    const first = notebook.cells[0];
    expect(first?.cell_type).toBe("markdown");
    expect(first?.source).toContain(
      "`/data/seattle-weather.csv`: Seattle weather, from <https://cdn.jsdelivr.net/npm/vega-datasets@3.2.1/data/seattle-weather.csv>",
    );
    expect(first?.source).toContain("`/data/mine.csv`: uploaded");
    expect(first?.source).toContain("Not replayed from scratch yet.");
  });

  it("writes questions and answers as Markdown and ran cells as code with their outputs, in order", () => {
    const kinds = notebook.cells.map((cell) => `${cell.cell_type}:${cell.id}`);
    expect(kinds).toEqual([
      "markdown:ada-header",
      "markdown:question-0",
      "markdown:answer-1",
      `code:${CELL_IDS.table}`,
      `code:${CELL_IDS.failed}`,
      `code:${CELL_IDS.chart}`,
      "markdown:question-2",
      `markdown:${CELL_IDS.skipped}`,
      `code:${CELL_IDS.edited}`,
      "markdown:answer-4",
    ]);
    expect(byId("question-0")?.source).toBe("> How has Seattle's weather changed?\n> Be brief.");
    const chart = byId(CELL_IDS.chart);
    expect(chart?.cell_type === "code" && chart.outputs.map((output) => output.output_type)).toEqual([
      "display_data",
      "display_data",
      "display_data",
      "display_data",
      "stream",
    ]);
  });

  it("numbers the cells that ran, and gives a result its cell's number", () => {
    const counts = notebook.cells.flatMap((cell) =>
      cell.cell_type === "code" ? [cell.execution_count] : [],
    );
    expect(counts).toEqual([1, 2, 3, 4]);
    const table = byId(CELL_IDS.table);
    const result = table?.cell_type === "code" ? table.outputs[1] : undefined;
    expect(result).toMatchObject({ output_type: "execute_result", execution_count: 1 });
  });

  it("keeps a failed cell as it ran, a skipped one as a note, and an edited one with its proposal", () => {
    const failed = byId(CELL_IDS.failed);
    expect(failed?.metadata).toEqual({ ada: { status: "error" } });
    expect(failed?.cell_type === "code" && failed.outputs[0]?.output_type).toBe("error");
    expect(byId(CELL_IDS.skipped)?.source).toBe(
      "*Skipped by the user: not needed.* It proposed:\n\n```python\nimport os\nos.listdir('/')\n```",
    );
    const edited = byId(CELL_IDS.edited);
    expect(edited?.source).toBe("print(len(rows), 'rows')");
    expect(edited?.metadata).toEqual({ ada: { status: "completed", proposed_code: "print(len(rows))" } });
  });

  it("says how the replay went, in the first cell and per cell", () => {
    const replayed = buildNotebook(
      demoSession({
        replay: {
          replayedAt: new Date("2026-11-30T12:00:00Z"),
          cells: [
            { cellId: CELL_IDS.table, verdict: "same", diff: "" },
            { cellId: CELL_IDS.failed, verdict: "same", diff: "" },
            { cellId: CELL_IDS.chart, verdict: "different", diff: "-a\n+b" },
            { cellId: CELL_IDS.edited, verdict: "same", diff: "" },
          ],
        },
      }),
    );
    expect(replayed.cells[0]?.source).toContain(
      "Replayed on 2026-11-30 12:00 UTC: cell [3] gave a different output.",
    );
    expect(replayed.cells.find((cell) => cell.id === CELL_IDS.chart)?.metadata).toEqual({
      ada: { status: "completed", replay: "different" },
    });
  });
});

describe("fenced", () => {
  it("uses a fence longer than any backtick run in the text", () => {
    expect(fenced("a ``` b", "python")).toBe("````python\na ``` b\n````");
    expect(fenced("plain")).toBe("```\nplain\n```");
  });
});
