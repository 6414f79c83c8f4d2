/**
 * What the fake model answers (test code): a Script, and the `FAKE:` directive that a test writes
 * into a user message to choose one.
 */
export type Script = {
  /** Text streamed in pieces of `pieceSize` characters. */
  text?: string;
  toolCalls?: { id?: string; name: string; arguments: string }[];
  /** Reported usage; `null` sends none (a provider that omits it). Default: 10 prompt, 1 per piece. */
  usage?: { prompt: number; completion: number } | null;
  /** Fail before the first byte with this HTTP status. */
  status?: number;
  /** Delay before answering at all (headers included). */
  delayMs?: number;
  /** Delay between chunks. */
  chunkDelayMs?: number;
  /** Break the connection after this many content chunks. */
  cutAfter?: number;
  /** Send the response headers (the provider accepted the request), then wait this long before any event. */
  firstChunkDelayMs?: number;
  /** Go quiet after this many content chunks, keeping the connection open until the client leaves. */
  stallAfter?: number;
  /** Anthropic's token counting fails with this HTTP status (the gateway falls back to its own estimate). */
  countStatus?: number;
  pieceSize?: number;
};

/**
 * `FAKE:{script}` in the last user message, or `FAKE:[script, script, …]` for a multi-step
 * agent run: the step is the number of assistant turns since that message. A `{{tool}}` in a
 * script's text stands for the last tool result the request carries (OpenAI format);
 * `{{printed}}` for the last number in its stdout and `{{invented}}` for a number it does not
 * hold (twice that plus one), both with thousands separators, so the question never holds them.
 */
export function directive(body: Record<string, unknown>): Script | undefined {
  const messages = (body.messages ?? []) as { role: string; content: unknown }[];
  const lastUser = messages.findLastIndex((m) => m.role === "user");
  const match = /FAKE:([[{].*[}\]])/s.exec(textOf(messages[lastUser]?.content));
  if (!match) return undefined;
  const parsed = JSON.parse(match[1] ?? "{}") as Script | Script[];
  const steps = Array.isArray(parsed) ? parsed : [parsed];
  const step = messages.slice(lastUser + 1).filter((m) => m.role === "assistant").length;
  const script = steps[Math.min(step, steps.length - 1)] ?? {};
  const lastTool = textOf(messages.findLast((m) => m.role === "tool")?.content);
  const stdout = /stdout:\n([\s\S]*?)(?:\n\n|$)/.exec(lastTool)?.[1] ?? "";
  const printed = Number(stdout.match(/-?\d+(?:\.\d+)?/g)?.at(-1) ?? Number.NaN);
  const format = (n: number) => n.toLocaleString("en", { maximumFractionDigits: 6 });
  return script.text
    ? {
        ...script,
        text: script.text
          .replaceAll("{{tool}}", lastTool)
          .replaceAll("{{printed}}", format(printed))
          .replaceAll("{{invented}}", format(printed * 2 + 1)),
      }
    : script;
}

function textOf(content: unknown) {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return (content as { text?: string }[]).map((part) => part.text ?? "").join("");
  return "";
}
