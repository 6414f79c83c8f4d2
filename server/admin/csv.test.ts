import { describe, expect, it } from "vitest";
import { csvLine } from "./csv.ts";

describe("csvLine", () => {
  it("writes plain fields as they are, null as empty, dates as ISO, and ends with CRLF", () => {
    expect(csvLine(["a", 1, null, new Date("2026-11-21T12:00:00Z"), 0])).toBe(
      "a,1,,2026-11-21T12:00:00.000Z,0\r\n",
    );
  });

  it("quotes fields holding a comma, a quote or a line break, doubling the quotes (RFC 4180)", () => {
    expect(csvLine(["x,y"])).toBe('"x,y"\r\n');
    expect(csvLine(['say "hi"'])).toBe('"say ""hi"""\r\n');
    expect(csvLine(["one\ntwo", "three\r\nfour"])).toBe('"one\ntwo","three\r\nfour"\r\n');
    expect(csvLine([""])).toBe("\r\n");
  });

  it("keeps text a spreadsheet would run as a formula as plain text", () => {
    expect(csvLine(["=1+2", "+1", "-1", "@SUM(A1)"])).toBe("'=1+2,'+1,'-1,'@SUM(A1)\r\n");
    expect(csvLine(['=HYPERLINK("x","y")'])).toBe('"\'=HYPERLINK(""x"",""y"")"\r\n');
    expect(csvLine([-1])).toBe("-1\r\n");
  });
});
