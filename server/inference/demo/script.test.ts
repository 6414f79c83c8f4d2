import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../openai-schema.ts";
import { demoReply, parseMountedFiles } from "./script.ts";

const WITH_FILES = [
  "You are Ada.",
  "",
  "Files under /data:",
  "- /data/iris.csv (4.6 kB) columns: sepal_length, sepal_width, petal_length, petal_width, species",
  "- /data/cars.json (98 kB)",
].join("\n");
const NO_FILES = "You are Ada.\n\nNo files are mounted under /data yet.";

let calls = 0;
/** The messages of one turn: system prompt, user message, then each cell's call and result. */
function turn(system: string, ...results: string[]): ChatMessage[] {
  return [
    { role: "system", content: system },
    { role: "user", content: "Explore my data." },
    ...results.flatMap((result): ChatMessage[] => {
      const id = `call_${++calls}`;
      return [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id, type: "function", function: { name: "python_run", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: id, content: result },
      ];
    }),
  ];
}

describe("parseMountedFiles", () => {
  it("reads each listed path with its columns, if any", () => {
    expect(parseMountedFiles(WITH_FILES)).toEqual([
      {
        path: "/data/iris.csv",
        columns: ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"],
      },
      { path: "/data/cars.json", columns: [] },
    ]);
  });

  it("keeps spaces in names and accepts a line without a size", () => {
    expect(
      parseMountedFiles("- /data/my sales (2024).csv (1 MB) columns: a,b\r\n- /data/raw/notes.txt"),
    ).toEqual([
      { path: "/data/my sales (2024).csv", columns: ["a", "b"] },
      { path: "/data/raw/notes.txt", columns: [] },
    ]);
  });

  it("finds nothing when no files are mounted", () => {
    expect(parseMountedFiles(NO_FILES)).toEqual([]);
  });
});

describe("demoReply", () => {
  it("first introduces itself, names the provider keys and lists /data with the standard library", () => {
    const reply = demoReply(turn(WITH_FILES));
    expect(reply.text).toContain("offline demo");
    expect(reply.text).toContain("`OPENAI_API_KEY`");
    expect(reply.text).toContain("`ANTHROPIC_API_KEY`");
    expect(reply.text).toContain("`/data/iris.csv`, `/data/cars.json`");
    expect(reply.code).toContain("import os");
    expect(reply.code).toContain("os.path.getsize");
    expect(reply.code).toContain("/data is empty");
    expect(reply.code).not.toMatch(/pandas|numpy/);
  });

  it("first says so when the system prompt lists no files", () => {
    const reply = demoReply(turn(NO_FILES));
    expect(reply.text).toContain("no files are mounted");
    expect(reply.code).toContain("import os");
  });

  it("then summarises the first CSV file with csv and statistics", () => {
    const reply = demoReply(turn(WITH_FILES, "/data/iris.csv  4,600 bytes"));
    expect(reply.text).toContain("`/data/iris.csv`");
    expect(reply.code).toContain('path = "/data/iris.csv"');
    expect(reply.code).toContain("csv.DictReader");
    expect(reply.code).toContain("statistics.mean");
    expect(reply.code).not.toMatch(/pandas|numpy/);
  });

  it("then summarises a seeded sample when there is no CSV file", () => {
    for (const system of [NO_FILES, "Files under /data:\n- /data/cars.json (98 kB)"]) {
      const reply = demoReply(turn(system, "/data is empty: add a dataset first."));
      expect(reply.code).toContain("random.seed(42)");
      expect(reply.code).toContain("statistics.stdev");
      // The cell ends with an expression, whose value the notebook shows.
      expect(reply.code?.trimEnd().endsWith("}")).toBe(true);
    }
  });

  it("finally quotes the start of the last output and proposes no code", () => {
    const output = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join("\n");
    const reply = demoReply(turn(WITH_FILES, "listing", output));
    expect(reply.code).toBeUndefined();
    expect(reply.text).toContain("```text\nline 1\n");
    expect(reply.text).toContain("line 8\n```");
    expect(reply.text).not.toContain("line 9");
    expect(reply.text).toContain("4 more lines");
    expect(reply.text).toContain("A real model would now interpret");
    expect(reply.text).toContain("`OPENAI_API_KEY`");
  });

  it("fences output that contains backticks with a longer fence", () => {
    const reply = demoReply(turn(NO_FILES, "listing", "a ``` b"));
    expect(reply.text).toContain("````text\na ``` b\n````");
  });

  it("acknowledges a skipped cell at any step, quoting nothing and proposing no code", () => {
    for (const results of [["Skipped by the user."], ["listing", "skipped: the user chose not to run it"]]) {
      const reply = demoReply(turn(WITH_FILES, ...results));
      expect(reply.code).toBeUndefined();
      expect(reply.text).toContain("You skipped the cell");
      expect(reply.text).not.toContain("```");
    }
  });

  it("reads only the turn since the last user message", () => {
    const earlier = turn(WITH_FILES, "listing", "summary");
    const messages: ChatMessage[] = [
      ...earlier,
      { role: "assistant", content: "Done." },
      { role: "user", content: "Again, please." },
    ];
    expect(demoReply(messages).code).toContain("import os");
  });
});
