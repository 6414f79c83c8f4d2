import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown.tsx";

describe("Markdown", () => {
  it("loads no image: it shows the alt text and the URL as text", () => {
    const html = renderToStaticMarkup(
      <Markdown text={"See ![x](https://example.invalid/?q=secret) and ![](/api/trpc/account.me)"} />,
    );
    expect(html).not.toContain("<img");
    expect(html).toContain("x (image not loaded: <code>https://example.invalid/?q=secret</code>)");
    expect(html).toContain("Image (image not loaded: <code>/api/trpc/account.me</code>)");
  });

  it("still renders the rest of the Markdown", () => {
    expect(renderToStaticMarkup(<Markdown text={"**bold** [link](https://example.com)"} />)).toContain(
      "<strong>bold</strong>",
    );
  });
});
