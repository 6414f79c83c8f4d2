import { describe, expect, it } from "vitest";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { cell } from "./test-rows.ts";
import { codeDiff, toolResultText } from "./tool-result.ts";

const display = (data: Record<string, unknown>, metadata: Record<string, unknown> = {}): CellOutput => ({
  output_type: "display_data",
  data,
  metadata,
});

describe("toolResultText", () => {
  it("reports a skip, with the user's reason when they gave one", () => {
    expect(toolResultText(cell("a", "m1", { status: "skipped" }))).toBe(
      "Skipped by the user: the code was not run.",
    );
    expect(toolResultText(cell("a", "m1", { status: "skipped", skip_reason: "use sales.csv" }))).toBe(
      "Skipped by the user: the code was not run. Their reason: use sales.csv",
    );
  });

  it("shows the user's edit as a diff, and nothing when the code ran as proposed", () => {
    const edited = toolResultText(
      cell("a", "m1", {
        status: "completed",
        proposed_code: "x = 1\nprint(x)\n",
        executed_code: "x = 2\nprint(x)\n",
        outputs: [{ output_type: "stream", name: "stdout", text: "2\n" }],
      }),
    );
    expect(edited).toContain(
      "The user edited the code before running it:\n```diff\n--- proposed\n+++ executed",
    );
    expect(edited).toContain("-x = 1\n+x = 2\n print(x)");
    expect(edited).toContain("stdout:\n2");
    const unchanged = toolResultText(
      cell("a", "m1", { status: "completed", proposed_code: "print(1)", executed_code: "print(1)" }),
    );
    expect(unchanged).not.toContain("edited");
  });

  it("describes every kind of output in order: values, tables, charts, images", () => {
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      mark: "bar",
      data: { values: [{ a: 1 }, { a: 2 }, { a: 3 }] },
      encoding: { x: { field: "a" } },
    };
    const text = toolResultText(
      cell("a", "m1", {
        status: "completed",
        executed_code: "print(1)",
        outputs: [
          {
            output_type: "execute_result",
            execution_count: 1,
            data: { "text/plain": "{'n': 2}" },
            metadata: {},
          },
          display(
            {
              "application/vnd.dataresource+json": { schema: { fields: [{ name: "a" }] }, data: [{ a: 1 }] },
              "text/plain": "   a\n0  1",
            },
            { "application/vnd.dataresource+json": { rows: 1461, columns: 1 } },
          ),
          display({ "application/vnd.vegalite.v5+json": spec, "text/plain": "alt.Chart(...)" }),
          display({ "image/png": "iVBOR", "text/plain": "<Figure size 640x480 with 1 Axes>" }),
        ],
      }),
    );
    const lines = text.split("\n- ");
    expect(lines[1]).toBe("Value:\n{'n': 2}");
    expect(lines[2]).toBe("Display: a table, 1,461 rows × 1 columns.\n   a\n0  1");
    expect(lines[3]).toContain("Display: a Vega-Lite chart. Its spec, data left out:");
    expect(lines[3]).toContain('"values":"(3 rows)"');
    expect(lines[3]).toContain('"mark":"bar"');
    expect(lines[4]).toBe("Display: an image (image/png).\n<Figure size 640x480 with 1 Axes>");
  });

  it("reports errors with the traceback, and clips huge output in the middle", () => {
    const text = toolResultText(
      cell("a", "m1", {
        status: "error",
        executed_code: "print(1)",
        outputs: [
          { output_type: "stream", name: "stdout", text: "x".repeat(50_000) },
          { output_type: "error", ename: "ValueError", evalue: "boom", traceback: ["Traceback: boom"] },
        ],
      }),
    );
    expect(text).toContain("raised an error");
    expect(text).toContain("stderr:\nTraceback: boom");
    expect(text).toMatch(/characters omitted/);
    expect(text.length).toBeLessThan(10_000);
  });

  it("reads the stored streams of a row without outputs", () => {
    const text = toolResultText(
      cell("a", "m1", { status: "error", executed_code: "x", stdout: "1\n", stderr: "Traceback: old" }),
    );
    expect(text).toContain("stdout:\n1");
    expect(text).toContain("stderr:\nTraceback: old");
  });

  it("says when there was no output", () => {
    expect(
      toolResultText(cell("a", "m1", { status: "completed", executed_code: "x = 1", outputs: [] })),
    ).toContain("(no output)");
  });
});

describe("codeDiff", () => {
  it("is a unified diff from the proposal to what ran", () => {
    expect(codeDiff("a\n", "b\n")).toBe("--- proposed\n+++ executed\n@@ -1,1 +1,1 @@\n-a\n+b");
  });
});

describe("toolResultText with private columns", () => {
  it("tells the model the masked copy, never the real outputs or streams", () => {
    const real = [{ output_type: "stream" as const, name: "stdout" as const, text: "alice@example.com\n" }];
    const masked = [{ output_type: "stream" as const, name: "stdout" as const, text: "[private]\n" }];
    const text = toolResultText(
      cell("a", "m1", {
        status: "completed",
        executed_code: "print(1)",
        stdout: "alice@example.com\n",
        outputs: real,
        model_outputs: masked,
      }),
    );
    expect(text).toContain("stdout:\n[private]");
    expect(text).not.toContain("alice");
  });

  it("says nothing came out when the masked copy is empty, whatever the real streams held", () => {
    const text = toolResultText(
      cell("a", "m1", {
        status: "completed",
        executed_code: "print(1)",
        stdout: "secret\n",
        outputs: [],
        model_outputs: [],
      }),
    );
    expect(text).not.toContain("secret");
    expect(text).toContain("(no output)");
  });
});
