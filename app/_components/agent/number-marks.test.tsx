import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { traceNumbers } from "../../_agent/provenance/provenance.ts";
import { sourceValues } from "../../_agent/provenance/sources.ts";
import { Markdown } from "./markdown.tsx";

const sources = sourceValues([
  { id: "c1", outputs: [{ output_type: "stream", name: "stdout", text: "orders: 4321\n" }] },
]);
const trace = (text: string) => traceNumbers(text, sources, "");

describe("Markdown with number provenance", () => {
  it("links computed numbers to their cell and marks invented ones, code left alone", () => {
    const html = renderToStaticMarkup(
      <Markdown
        text={"There are **4,321** orders, about 9,876 returns, and `9999` in code."}
        trace={trace}
      />,
    );
    expect(html).toContain('<a href="#cell-c1"');
    expect(html).toMatch(/data-testid="number-computed"[^>]*>4,321<\/a>/);
    expect(html).toMatch(/data-testid="number-not-computed"[^>]*>9,876<span/);
    expect(html).toContain("<code>9999</code>");
  });

  it("renders plain Markdown without a tracer", () => {
    const html = renderToStaticMarkup(<Markdown text="It is 9,876." />);
    expect(html).toContain("<p>It is 9,876.</p>");
    expect(html).not.toContain("number-");
  });
});
