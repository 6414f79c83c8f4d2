/**
 * What the offline demo model says: a fixed three-step script read off the conversation since the
 * last user message — look at the files, summarise one, then close with the output. Pure, so the
 * whole script is tested without the wire around it.
 */
import { type ChatMessage, contentText } from "../openai-schema.ts";
import { LIST_FILES_CODE, SAMPLE_SUMMARY_CODE, summariseCsvCode } from "./python.ts";

/** The text to stream and, when the script wants a cell run, its `python_run` code. */
export type DemoReply = { text: string; code?: string };

export type MountedFile = { path: string; columns: string[] };

/** How many lines of a cell's output the closing answer quotes, and how much of each. */
const QUOTED_LINES = 8;
const QUOTED_LINE_CHARS = 160;

const CONFIGURE_HINT =
  "To chat with a real model, set `OPENAI_API_KEY` or `ANTHROPIC_API_KEY` (see the README) and restart `npm run dev`.";

export function demoReply(messages: readonly ChatMessage[]): DemoReply {
  const lastUser = messages.findLastIndex((message) => message.role === "user");
  const results = messages.slice(lastUser + 1).filter((message) => message.role === "tool");
  const latest = results.at(-1);
  if (latest && isSkipped(contentText(latest.content))) return skippedAnswer();
  if (results.length === 0) return lookAtFiles(mountedFiles(messages));
  if (results.length === 1) return summarise(mountedFiles(messages));
  return closingAnswer(contentText(latest?.content ?? ""));
}

/**
 * The files the browser lists in the system prompt, one `- /data/<path> (<size>) columns: a, b`
 * line each (size and columns optional).
 */
export function parseMountedFiles(systemPrompt: string): MountedFile[] {
  return systemPrompt.split(/\r?\n/).flatMap((line) => {
    const match = /^- (\/data\/.+?)(?: \([^()]*\))?(?: columns: (.*))?$/.exec(line.trim());
    if (!match?.[1]) return [];
    const columns = (match[2] ?? "")
      .split(",")
      .map((column) => column.trim())
      .filter(Boolean);
    return [{ path: match[1], columns }];
  });
}

function mountedFiles(messages: readonly ChatMessage[]) {
  const system = messages.find((message) => message.role === "system");
  return system ? parseMountedFiles(contentText(system.content)) : [];
}

/** The browser reports a cell the user skipped as a tool result starting with "Skipped". */
function isSkipped(result: string) {
  return /^\s*skipped/i.test(result);
}

function lookAtFiles(files: MountedFile[]): DemoReply {
  const names = files.map((file) => `\`${file.path}\``).join(", ");
  const listed = files.length
    ? `I was told about these files: ${names}.`
    : "I was told no files are mounted yet.";
  return {
    text: [
      "**This is Ada's offline demo model:** a fixed script, served when no AI provider is configured (no `OPENAI_API_KEY` or `ANTHROPIC_API_KEY`). The loop is the real one, though: I propose Python, and you run, edit or skip it.",
      `${listed} First, a look at what is actually there:`,
    ].join("\n\n"),
    code: LIST_FILES_CODE,
  };
}

function summarise(files: MountedFile[]): DemoReply {
  const csv = files.find((file) => file.path.toLowerCase().endsWith(".csv"));
  if (csv) {
    return {
      text: `Next, a summary of \`${csv.path}\` using only Python's standard library (pandas is not available offline):`,
      code: summariseCsvCode(csv.path),
    };
  }
  return {
    text: "There is no CSV file to read, so here is the same kind of summary on a small seeded sample, with Python's standard library only:",
    code: SAMPLE_SUMMARY_CODE,
  };
}

function closingAnswer(output: string): DemoReply {
  const lines = output.trimEnd().split(/\r?\n/);
  const quoted = lines
    .slice(0, QUOTED_LINES)
    .map((line) => (line.length > QUOTED_LINE_CHARS ? `${line.slice(0, QUOTED_LINE_CHARS)}…` : line));
  const more =
    lines.length > QUOTED_LINES ? `\n\n(${lines.length - QUOTED_LINES} more lines in the cell.)` : "";
  const shown = output.trim()
    ? `The last cell's result begins:\n\n${fenced(quoted.join("\n"))}${more}`
    : "The last cell's result was empty.";
  return {
    text: [
      shown,
      "A real model would now interpret these results and suggest what to look at next. The offline demo's script ends here.",
      CONFIGURE_HINT,
    ].join("\n\n"),
  };
}

function skippedAnswer(): DemoReply {
  return {
    text: [
      "You skipped the cell, so I will not run anything else. The offline demo's script ends here.",
      CONFIGURE_HINT,
    ].join("\n\n"),
  };
}

/** A code fence longer than any run of backticks inside, so output cannot close it early. */
function fenced(text: string) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}
