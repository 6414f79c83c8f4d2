import { describe, expect, it } from "vitest";
import { cell, message } from "../test-rows.ts";
import { answerTracers } from "./answer-trace.ts";

const printed = (text: string) => [{ output_type: "stream" as const, name: "stdout" as const, text }];

describe("answerTracers", () => {
  const messages = [
    message(1, "user", "Sum of the first 12 squares?"),
    message(2, "assistant", "Let me compute."),
    message(3, "tool", "650", "c1"),
    message(4, "assistant", "It is 650."),
    message(5, "user", "And 20?"),
    message(6, "assistant", "Earlier: 650; now 2870."),
  ];
  const cells = [cell("c1", "m2", { status: "completed", outputs: printed("650\n") })];
  const tracers = answerTracers(messages, cells, [
    { path: "/data/squares_2024.csv", columns: [{ name: "n" }] },
  ]);

  it("matches a turn's numbers against the cells of that turn and the turns before", () => {
    expect(tracers.get("m4")?.("It is 650.")).toMatchObject([
      { status: "computed", source: { cellId: "id-c1", output: 0, line: 0 } },
    ]);
    const later = tracers.get("m6")?.("Earlier: 650; now 2870.");
    expect(later?.map((mark) => mark.status)).toEqual(["computed", "not-computed"]);
  });

  it("does not flag what the user's questions and the file list hold", () => {
    expect(
      tracers
        .get("m6")?.("For n up to 12 and 20, see squares_2024.csv (2024 rows)")
        ?.map((m) => m.status),
    ).toEqual(["context", "context", "context"]);
  });

  it("has no tracer for an answer without text", () => {
    expect(answerTracers([message(1, "assistant", null)], [], []).size).toBe(0);
  });
});
