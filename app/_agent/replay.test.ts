import { describe, expect, it } from "vitest";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import type { MessageRow, ToolCallRow } from "#common/synced-tables.ts";
import { cellsToReplay, comparableText, judgeReplay } from "./replay.ts";

const message = (id: string, seq: number): MessageRow => ({
  id,
  session_id: "s",
  role: "assistant",
  content: null,
  tool_call_id: null,
  seq,
  created_at: new Date(0),
});

const cell = (
  id: string,
  messageId: string,
  status: ToolCallRow["status"],
  at: number,
  outputs: CellOutput[] = [],
): ToolCallRow => ({
  id,
  session_id: "s",
  message_id: messageId,
  call_id: `call_${id}`,
  name: "python_run",
  proposed_code: "",
  executed_code: "",
  status,
  stdout: null,
  stderr: null,
  outputs,
  skip_reason: null,
  created_at: new Date(at),
  completed_at: null,
});

const chart = (spec: object): CellOutput => ({
  output_type: "display_data",
  data: { "application/vnd.vegalite.v6+json": spec, "text/plain": "<Chart>" },
  metadata: {},
});

describe("cellsToReplay", () => {
  it("takes the cells that ran, in transcript order", () => {
    const messages = [message("m2", 4), message("m1", 2)];
    const cells = [
      cell("c", "m2", "completed", 5),
      cell("b", "m1", "error", 3),
      cell("a", "m1", "completed", 1),
      cell("skipped", "m1", "skipped", 2),
      cell("pending", "m2", "pending", 6),
    ];
    expect(cellsToReplay(messages, cells).map((item) => item.id)).toEqual(["a", "b", "c"]);
  });
});

describe("judgeReplay", () => {
  const stdout = (text: string): CellOutput => ({ output_type: "stream", name: "stdout", text });

  it("finds text that is the same exactly, and a chart whose spec is the same in another key order", () => {
    const ran = cell("a", "m", "completed", 0, [
      stdout("45\n"),
      chart({ mark: "bar", data: { values: [1] } }),
    ]);
    const again = {
      status: "completed" as const,
      outputs: [stdout("45\n"), chart({ data: { values: [1] }, mark: "bar" })],
    };
    expect(judgeReplay(ran, again)).toEqual({ cellId: "a", verdict: "same", diff: "" });
  });

  it("compares images by being there, not by their bytes", () => {
    const image = (data: string): CellOutput => ({
      output_type: "display_data",
      data: { "image/png": data },
      metadata: {},
    });
    const ran = cell("a", "m", "completed", 0, [image("AAAA")]);
    expect(judgeReplay(ran, { status: "completed", outputs: [image("BBBB")] }).verdict).toBe("same");
    expect(judgeReplay(ran, { status: "completed", outputs: [] }).verdict).toBe("different");
  });

  it("shows a different output as a unified diff", () => {
    const ran = cell("a", "m", "completed", 0, [stdout("rows: 10\nmean: 4.5\n")]);
    const result = judgeReplay(ran, { status: "completed", outputs: [stdout("rows: 10\nmean: 5.5\n")] });
    expect(result.verdict).toBe("different");
    expect(result.diff).toContain("--- as it ran");
    expect(result.diff).toContain("-mean: 4.5\n+mean: 5.5");
  });

  it("is an error when the replay raises where the run did not, and the same when it raised alike", () => {
    const error: CellOutput = {
      output_type: "error",
      ename: "KeyError",
      evalue: "'x'",
      traceback: ["at line 3"],
    };
    const ran = cell("a", "m", "completed", 0, [stdout("ok\n")]);
    const failed = judgeReplay(ran, { status: "error", outputs: [error] });
    expect(failed.verdict).toBe("error");
    expect(failed.diff).toContain("+KeyError: 'x'");
    const ranAndFailed = cell("b", "m", "error", 0, [{ ...error, traceback: ["at line 9"] }]);
    expect(judgeReplay(ranAndFailed, { status: "error", outputs: [error] }).verdict).toBe("same");
  });

  it("cuts a very long diff and says so", () => {
    const ran = cell("a", "m", "completed", 0, [stdout("a\n".repeat(30_000))]);
    const result = judgeReplay(ran, { status: "completed", outputs: [stdout("b\n".repeat(30_000))] });
    expect(result.diff.length).toBeLessThanOrEqual(20_000);
    expect(result.diff).toMatch(/the rest of the diff is cut\)$/);
  });

  it("writes each output as comparable text", () => {
    expect(
      comparableText([
        stdout("x"),
        { output_type: "execute_result", execution_count: 1, data: { "text/plain": "3" }, metadata: {} },
      ]),
    ).toBe("[stdout]\nx\n[result text/plain]\n3\n");
  });
});
