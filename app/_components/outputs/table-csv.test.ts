import { expect, it } from "vitest";
import { tableCsv } from "./table-csv.ts";
import { readDataResource } from "./table-model.ts";

it("writes every row the output holds as CSV, quoting where needed and defusing formulas", () => {
  const model = readDataResource(
    {
      schema: {
        fields: [
          { name: "city", type: "string" },
          { name: "idx", type: "integer" },
          { name: "temp", type: "number" },
        ],
        primaryKey: ["idx"],
      },
      data: [
        { idx: 0, city: 'Seattle, "WA"', temp: -1.5 },
        { idx: 1, city: "=HYPERLINK(1)", temp: null },
        { idx: 2, city: "line\nbreak", temp: 3 },
      ],
    },
    { rows: 3 },
  );
  if ("error" in model) throw new Error(model.error);
  expect(tableCsv(model)).toBe(
    'idx,city,temp\r\n0,"Seattle, ""WA""",-1.5\r\n1,\'=HYPERLINK(1),\r\n2,"line\nbreak",3\r\n',
  );
});
