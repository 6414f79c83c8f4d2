import { describe, expect, it } from "vitest";
import { parseMountedFiles } from "#server/inference/demo/parse.ts";
import { buildConversation, lastTurnCells, sessionRows, systemPrompt } from "./conversation.ts";
import { at, cell, message, S } from "./test-rows.ts";

describe("buildConversation", () => {
  it("rebuilds user, assistant tool calls and stored tool results in order", () => {
    const messages = [
      message(3, "tool", "ran a", "a"),
      message(1, "user", "question"),
      message(2, "assistant", "Let me look."),
      message(4, "assistant", "Done."),
    ];
    const cells = [cell("a", "m2", { status: "completed", executed_code: "print(1)", stdout: "1\n" })];
    expect(buildConversation(messages, cells)).toEqual([
      { role: "user", content: "question" },
      {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [
          { id: "a", type: "function", function: { name: "python_run", arguments: '{"code":"print(1)"}' } },
        ],
      },
      { role: "tool", tool_call_id: "a", content: "ran a" },
      { role: "assistant", content: "Done." },
    ]);
  });

  it("answers resolved cells the model was not told about, and cells never run, right after their call", () => {
    const messages = [message(1, "user", "q"), message(2, "assistant", null), message(3, "user", "next")];
    const cells = [
      cell("b", "m2", { status: "skipped", created_at: at(2) }),
      cell("a", "m2", { status: "completed", executed_code: "print(1)", stdout: "1\n", created_at: at(1) }),
      cell("c", "m2", { status: "pending", created_at: at(3) }),
    ];
    const conversation = buildConversation(messages, cells);
    expect(conversation.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "tool", "user"]);
    expect(conversation.slice(2, 5).map((m) => (m.role === "tool" ? m.tool_call_id : ""))).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(conversation[3]).toMatchObject({ content: expect.stringMatching(/^Skipped/) });
    expect(conversation[4]).toMatchObject({ content: expect.stringMatching(/^Not run/) });
  });
});

describe("lastTurnCells", () => {
  it("returns the cells of the last message when it is the assistant's", () => {
    const cells = [cell("a", "m2"), cell("z", "m0")];
    expect(
      lastTurnCells([message(1, "user", "q"), message(2, "assistant", "")], cells).map((c) => c.call_id),
    ).toEqual(["a"]);
    expect(lastTurnCells([message(2, "assistant", ""), message(3, "user", "q")], cells)).toEqual([]);
  });
});

describe("systemPrompt", () => {
  const weather = {
    path: "/data/seattle-weather.csv",
    sizeBytes: 48_200,
    columns: [
      { name: "date", type: "date" },
      { name: "temp_max", type: "number" },
      { name: "weather", type: "text" },
    ],
  };

  it("lists mounted files with sizes, columns and types in the fixed format", () => {
    const prompt = systemPrompt([
      weather,
      {
        path: "/data/penguins.json",
        sizeBytes: 98_000,
        columns: [{ name: "Body Mass (g)", type: "integer" }],
      },
      { path: "/data/notes.txt", sizeBytes: 12, columns: null },
    ]);
    expect(prompt).toContain(
      [
        "- /data/seattle-weather.csv (48 kB) columns: date (date), temp_max (number), weather (text)",
        "- /data/penguins.json (98 kB) columns: Body Mass (g) (integer)",
        "- /data/notes.txt (12 B)",
      ].join("\n"),
    );
    expect(systemPrompt([])).toContain("No files are mounted under /data yet.");
  });

  it("marks private columns and says their values are masked, only when there are some", () => {
    const prompt = systemPrompt([{ ...weather, privateColumns: ["weather"] }]);
    expect(prompt).toContain("columns: date (date), temp_max (number), weather (text, private)");
    expect(prompt).toContain('masked as "[private]" in everything you are told');
    expect(systemPrompt([weather])).not.toContain("[private]");
  });

  it("is read back by the offline demo model, names, types and all", () => {
    const files = parseMountedFiles(
      systemPrompt([
        weather,
        {
          path: "/data/penguins.json",
          sizeBytes: 98_000,
          columns: [{ name: "Body Mass (g)", type: "integer" }],
        },
      ]),
    );
    expect(files).toEqual([
      { path: "/data/seattle-weather.csv", columns: weather.columns },
      { path: "/data/penguins.json", columns: [{ name: "Body Mass (g)", type: "integer" }] },
    ]);
  });

  it("lists 60 columns of a wide file and counts the rest", () => {
    const columns = Array.from({ length: 75 }, (_, i) => ({ name: `c${i}`, type: "number" }));
    const prompt = systemPrompt([{ path: "/data/wide.csv", sizeBytes: 5000, columns }]);
    expect(prompt).toContain("c59 (number), … (15 more)");
    expect(prompt).not.toContain("c60");
    expect(parseMountedFiles(prompt)[0]?.columns).toHaveLength(60);
  });

  it("explains display(), tables, Vega-Lite charts edited as specs, and what the model sees", () => {
    const prompt = systemPrompt([]);
    expect(prompt).toContain("`display(*objs, raw=False)`");
    expect(prompt).toContain("raw=True");
    expect(prompt).toContain("DataFrame or Series as the last expression");
    expect(prompt).toContain("application/vnd.vegalite.v5+json");
    expect(prompt).toContain("edit the spec you already have");
    expect(prompt).toContain("print the numbers");
  });

  it("states the auto-fix rule with the configured cap, 2 unless told otherwise", () => {
    expect(systemPrompt([])).toContain('"Fix 1 of 2"');
    expect(systemPrompt([])).toContain("at most 2 fixes in a row");
    expect(systemPrompt([], { maxFixes: 1 })).toContain("at most 1 fix in a row");
    expect(systemPrompt([], { maxFixes: 3 })).toContain('"Fix 1 of 3"');
    const off = systemPrompt([], { maxFixes: 0 });
    expect(off).toContain("Automatic fixes are off");
    expect(off).not.toContain("Fix 1 of");
  });
});

describe("sessionRows", () => {
  it("keeps one session's rows, messages in order", () => {
    const other = { ...message(1, "user", "elsewhere"), id: "x", session_id: "s2" };
    const rows = sessionRows(
      {
        messages: [message(2, "assistant", "b"), other, message(1, "user", "a")],
        cells: [cell("a", "m2"), { ...cell("z", "x"), session_id: "s2" }],
      },
      S,
    );
    expect(rows.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(rows.cells.map((c) => c.call_id)).toEqual(["a"]);
  });
});
