import { describe, expect, it } from "vitest";
import { describeTable, formatCell, readDataResource, type TableModel } from "./table-model.ts";

/** What pandas writes for `pd.DataFrame({"a": ["x", None], "b": [1.5, 2]})` (to_json(orient="table")). */
const pandasFrame = {
  schema: {
    fields: [
      { name: "index", type: "integer" },
      { name: "a", type: "string" },
      { name: "b", type: "number" },
      { name: "t", type: "datetime" },
    ],
    primaryKey: ["index"],
    pandas_version: "1.4.0",
  },
  data: [
    { index: 0, a: "x", b: 1.5, t: "2020-01-01T00:00:00.000" },
    { index: 1, a: null, b: 2, t: "2020-01-02T06:30:00.000" },
  ],
};

const read = (value: unknown, metadata: unknown = {}) => {
  const model = readDataResource(value, metadata);
  if ("error" in model) throw new Error(model.error);
  return model;
};

describe("readDataResource", () => {
  it("reads fields with their kind, marks the primaryKey as the index, and keeps the rows", () => {
    const model = read(pandasFrame);
    expect(model.fields).toEqual([
      { name: "index", kind: "number", isIndex: true },
      { name: "a", kind: "text", isIndex: false },
      { name: "b", kind: "number", isIndex: false },
      { name: "t", kind: "datetime", isIndex: false },
    ]);
    expect(model.rows).toBe(pandasFrame.data);
    expect(model).toMatchObject({ totalRows: 2, totalColumns: 3, isCut: false });
  });

  it("takes the whole table's size from the metadata when only its first rows were sent", () => {
    expect(read(pandasFrame, { rows: 1_461_000, columns: 6, truncated: true })).toMatchObject({
      totalRows: 1_461_000,
      totalColumns: 6,
      isCut: true,
    });
  });

  it("ignores metadata that is not a count, and a row count below the rows it holds", () => {
    expect(read(pandasFrame, { rows: "many", columns: -1 })).toMatchObject({ totalRows: 2, totalColumns: 3 });
    expect(read(pandasFrame, { rows: 1 })).toMatchObject({ totalRows: 2, isCut: false });
  });

  it("counts every field as a column when there is no primaryKey, and accepts a string primaryKey", () => {
    const plain = { schema: { fields: [{ name: "x" }, { name: "y" }] }, data: [] };
    expect(read(plain)).toMatchObject({ totalRows: 0, totalColumns: 2 });
    expect(read({ ...plain, schema: { ...plain.schema, primaryKey: "x" } }).fields[0]?.isIndex).toBe(true);
  });

  it("says why a malformed resource cannot be drawn", () => {
    expect(readDataResource("a string", {})).toEqual({
      error: "it is not a Table Schema data resource (an object with a schema and data).",
    });
    expect(readDataResource({ schema: { fields: [{ type: "integer" }] }, data: [] }, {})).toEqual({
      error: "its schema has no list of named fields.",
    });
    expect(readDataResource({ schema: { fields: [] }, data: {} }, {})).toEqual({
      error: "it has no list of rows (data).",
    });
    expect(readDataResource({ schema: { fields: [] }, data: [{}, [1, 2]] }, {})).toEqual({
      error: "row 2 is not an object of field values.",
    });
  });
});

describe("describeTable", () => {
  const model = (patch: Partial<TableModel>): TableModel => ({
    fields: [],
    rows: Array.from({ length: 10_000 }, () => ({})),
    totalRows: 10_000,
    totalColumns: 6,
    isCut: false,
    ...patch,
  });

  it("gives rows × columns with thousands separators", () => {
    expect(describeTable(model({ rows: [], totalRows: 1_461 }))).toEqual({
      size: "1,461 rows × 6 columns",
      cut: null,
    });
    expect(describeTable(model({ rows: [{}], totalRows: 1, totalColumns: 1 })).size).toBe("1 row × 1 column");
  });

  it("says how many of the rows are shown when they were cut", () => {
    expect(describeTable(model({ totalRows: 1_461_000, isCut: true }))).toEqual({
      size: "1,461,000 rows × 6 columns",
      cut: "showing 10,000 of 1,461,000 rows",
    });
    expect(describeTable(model({ isCut: true })).cut).toBe("showing the first 10,000 rows");
  });
});

describe("formatCell", () => {
  it("writes numbers in full, booleans as Python does, nested values as JSON", () => {
    expect(formatCell(0.30000000000000004, "number")).toBe("0.30000000000000004");
    expect(formatCell(1461, "number")).toBe("1461");
    expect(formatCell(true, "boolean")).toBe("True");
    expect(formatCell({ a: [1] }, "text")).toBe('{"a":[1]}');
    expect(formatCell("2020-01-01T00:00:00.000", "text")).toBe("2020-01-01T00:00:00.000");
  });

  it("drops the parts of pandas timestamps that say nothing", () => {
    expect(formatCell("2020-01-01T00:00:00.000", "datetime")).toBe("2020-01-01");
    expect(formatCell("2020-01-02T06:30:00.000", "datetime")).toBe("2020-01-02 06:30:00");
    expect(formatCell("2020-01-02T06:30:00.250", "datetime")).toBe("2020-01-02 06:30:00.250");
    expect(formatCell("2020-01-01T00:00:00.000Z", "datetime")).toBe("2020-01-01 00:00:00Z");
    expect(formatCell("12:30:00", "datetime")).toBe("12:30:00");
  });
});
