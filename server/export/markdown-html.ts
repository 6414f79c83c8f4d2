/**
 * Markdown (the agent's answers, `text/markdown` outputs) as HTML for the report, with GitHub's
 * extensions as the app shows them. Raw HTML in the Markdown is dropped (remark-rehype keeps
 * none), and links and images keep only web, mail and in-page addresses.
 */
import "server-only";
import type { Element, ElementContent, Properties, Root } from "hast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype);

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML content or a quoted attribute value. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

const VOID = new Set(["br", "hr", "img", "input"]);
const URL_ATTRIBUTES = new Set(["href", "src"]);
/** What a link or image may point at: the web, mail, or a place in the page. */
const SAFE_URL = /^(?:https?:|mailto:|#)/i;

/** hast's property names as HTML attribute names. */
const ATTRIBUTE_NAMES: Record<string, string> = { className: "class", htmlFor: "for" };

function attributes(properties: Properties | undefined) {
  let html = "";
  for (const [name, value] of Object.entries(properties ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    const attribute = ATTRIBUTE_NAMES[name] ?? name.toLowerCase();
    if (value === true) {
      html += ` ${attribute}`;
      continue;
    }
    const text = Array.isArray(value) ? value.join(name === "className" ? " " : ", ") : String(value);
    if (URL_ATTRIBUTES.has(attribute) && !SAFE_URL.test(text.trim())) continue;
    html += ` ${attribute}="${escapeHtml(text)}"`;
  }
  return html;
}

function serialize(node: Root | ElementContent): string {
  switch (node.type) {
    case "root":
      return node.children.map((child) => serialize(child as ElementContent)).join("");
    case "text":
      return escapeHtml(node.value);
    case "element":
      return element(node);
    default:
      // Comments and raw HTML: nothing of the model's markup goes into the report as written.
      return "";
  }
}

function element(node: Element) {
  const open = `<${node.tagName}${attributes(node.properties)}>`;
  if (VOID.has(node.tagName)) return open;
  return `${open}${node.children.map(serialize).join("")}</${node.tagName}>`;
}

export function markdownToHtml(markdown: string) {
  return serialize(processor.runSync(processor.parse(markdown)));
}
