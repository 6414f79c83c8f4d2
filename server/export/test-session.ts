/**
 * A session like the offline demo's (test code): a question, a table, a cell that fails and its
 * fix drawing a chart, a skipped cell, an edited cell and an answer, with every output type.
 */
import "server-only";
import type { ExportSession } from "./session-data.ts";

const PNG_1PX =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

export const CELL_IDS = {
  table: "00000000-0000-4000-8000-000000000001",
  failed: "00000000-0000-4000-8000-000000000002",
  chart: "00000000-0000-4000-8000-000000000003",
  skipped: "00000000-0000-4000-8000-000000000004",
  edited: "00000000-0000-4000-8000-000000000005",
};

const chartSpec = {
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: {
    values: [
      { month: "Jan", temp: 8.2 },
      { month: "Feb </script><b>", temp: 9.1 },
    ],
  },
  mark: "bar",
  encoding: { x: { field: "month", type: "nominal" }, y: { field: "temp", type: "quantitative" } },
  usermeta: { embedOptions: { loader: { target: "_blank" } } },
};

export function demoSession(overrides: Partial<ExportSession> = {}): ExportSession {
  return {
    id: "00000000-0000-4000-8000-0000000000aa",
    title: "How has Seattle's weather changed?",
    model: "ada-demo",
    createdAt: new Date("2026-11-30T10:00:00Z"),
    exportedAt: new Date("2026-11-30T12:30:00Z"),
    files: [
      {
        path: "/data/seattle-weather.csv",
        catalog: {
          title: "Seattle weather",
          url: "https://cdn.jsdelivr.net/npm/vega-datasets@3.2.1/data/seattle-weather.csv",
        },
      },
      { path: "/data/mine.csv", catalog: null },
    ],
    replay: null,
    turns: [
      { role: "user", text: "How has Seattle's weather changed?\nBe brief." },
      {
        role: "assistant",
        text: "Let me look at the **first rows**.",
        cells: [
          {
            id: CELL_IDS.table,
            proposedCode:
              'import csv\nrows = list(csv.DictReader(open("/data/seattle-weather.csv")))\nrows[:2]',
            executedCode:
              'import csv\nrows = list(csv.DictReader(open("/data/seattle-weather.csv")))\nrows[:2]',
            status: "completed",
            skipReason: null,
            outputs: [
              { output_type: "stream", name: "stdout", text: "1461 rows\n" },
              {
                output_type: "execute_result",
                execution_count: 7,
                data: {
                  "application/vnd.dataresource+json": {
                    schema: {
                      fields: [
                        { name: "index", type: "integer" },
                        { name: "date", type: "string" },
                        { name: "temp_max", type: "number" },
                      ],
                      primaryKey: ["index"],
                    },
                    data: [
                      { index: 0, date: "2012-01-01", temp_max: 12.8 },
                      { index: 1, date: "2012-01-02", temp_max: 10.6 },
                    ],
                  },
                  "text/plain": "   date  temp_max\n0  2012-01-01  12.8",
                },
                metadata: {
                  "application/vnd.dataresource+json": { rows: 1461, columns: 2, truncated: true },
                },
              },
            ],
          },
          {
            id: CELL_IDS.failed,
            proposedCode: 'rows[0]["Temp_Max"]',
            executedCode: 'rows[0]["Temp_Max"]',
            status: "error",
            skipReason: null,
            outputs: [
              {
                output_type: "error",
                ename: "KeyError",
                evalue: "'Temp_Max'",
                traceback: ["\u001b[31mTraceback (most recent call last)\u001b[0m", "KeyError: 'Temp_Max'"],
              },
            ],
          },
          {
            id: CELL_IDS.chart,
            proposedCode: "display(chart)",
            executedCode: "display(chart)",
            status: "completed",
            skipReason: null,
            outputs: [
              {
                output_type: "display_data",
                data: { "application/vnd.vegalite.v6+json": chartSpec, "text/plain": "<VegaLite 6 object>" },
                metadata: {},
              },
              {
                output_type: "display_data",
                data: { "image/png": PNG_1PX, "text/plain": "<Figure>" },
                metadata: {},
              },
              {
                output_type: "display_data",
                data: { "text/html": "<b>bold</b><script>alert(1)</script>" },
                metadata: {},
              },
              { output_type: "display_data", data: { "text/markdown": "*note*" }, metadata: {} },
              { output_type: "stream", name: "stderr", text: "a warning\n" },
            ],
          },
        ],
      },
      { role: "user", text: "Now by year." },
      {
        role: "assistant",
        text: "",
        cells: [
          {
            id: CELL_IDS.skipped,
            proposedCode: "import os\nos.listdir('/')",
            executedCode: null,
            status: "skipped",
            skipReason: "not needed",
            outputs: [],
          },
          {
            id: CELL_IDS.edited,
            proposedCode: "print(len(rows))",
            executedCode: "print(len(rows), 'rows')",
            status: "completed",
            skipReason: null,
            outputs: [{ output_type: "stream", name: "stdout", text: "1461 rows\n" }],
          },
        ],
      },
      { role: "assistant", text: "The highest temperature was **35.6 °C**.", cells: [] },
    ],
    ...overrides,
  };
}
