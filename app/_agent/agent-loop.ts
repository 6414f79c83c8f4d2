/**
 * The agent loop, in plain TypeScript: stream the model's answer from /api/inference; when it
 * calls tools, wait for the user to resolve the cells (Run / Edit / Skip), send the results as
 * the next turn, and go on until the model answers without tools, the user stops it, or the
 * tool-turn cap ends a runaway loop. The UI subscribes to its state.
 */

import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { messageOf } from "#server/error-message.ts";
import { type AccumulatedToolCall, ChunkAccumulator } from "#server/inference/chunk-accumulator.ts";
import type { ChatMessage } from "./conversation.ts";
import { pythonTool } from "./conversation.ts";
import { sseData } from "./sse.ts";

export type LoopNote = { kind: "error" | "stopped" | "cap" | "truncated"; text: string };

export type LoopState =
  | { status: "idle"; sessionId: string | null; note: LoopNote | null }
  | { status: "streaming"; sessionId: string | null; content: string; toolCalls: AccumulatedToolCall[] }
  | { status: "awaiting-cells"; sessionId: string; callIds: string[] };

export type LoopDeps = {
  fetch: typeof fetch;
  /** The session's conversation so far (without the system prompt). */
  conversation(sessionId: string): ChatMessage[];
  systemPrompt(): string;
  /** Resolves with one tool message per call once the user has resolved every cell. */
  awaitCells(sessionId: string, callIds: string[], signal: AbortSignal): Promise<ChatMessage[]>;
  /** Once cells are resolved: why the agent must stop here (failed fixes, say), or null. */
  stopAfterCells(sessionId: string): string | null;
  maxToolTurns: number;
};

type Turn = {
  sessionId: string;
  content: string;
  toolCalls: AccumulatedToolCall[];
  finishReason: string | null;
};

class LoopStop extends Error {
  constructor(readonly note: LoopNote) {
    super(note.text);
  }
}

/** The message of an OpenAI-shaped error body, or a generic one for the status. */
async function errorMessage(response: Response) {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return `The request failed (HTTP ${response.status}).`;
}

export class AgentLoop {
  private state: LoopState = { status: "idle", sessionId: null, note: null };
  private controller: AbortController | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: LoopDeps) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = () => this.state;

  private set(state: LoopState) {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  get busy() {
    return this.state.status !== "idle";
  }

  /** A user message: in `sessionId`, or in a new session when it is null. */
  send(text: string, options: { sessionId: string | null; model: string }) {
    const history = options.sessionId ? this.deps.conversation(options.sessionId) : [];
    return this.run(options.sessionId, options.model, [...history, { role: "user", content: text }]);
  }

  /** Reports resolved cells that the model has not seen yet (after a reload, say) and goes on. */
  continue(options: { sessionId: string; model: string }) {
    return this.run(options.sessionId, options.model, this.deps.conversation(options.sessionId));
  }

  /** Stops the stream or the wait for cells; what was streamed so far stays. */
  stop() {
    this.controller?.abort();
  }

  private async run(sessionId: string | null, model: string, messages: ChatMessage[]) {
    if (this.busy) throw new Error("The agent is already working on this conversation.");
    const controller = new AbortController();
    this.controller = controller;
    let current = sessionId;
    let note: LoopNote | null = null;
    try {
      for (let toolTurns = 0; ; ) {
        const turn = await this.stream(current, model, messages, controller.signal);
        current = turn.sessionId;
        messages.push({
          role: "assistant",
          content: turn.content,
          ...(turn.toolCalls.length && {
            tool_calls: turn.toolCalls.map((call) => ({
              id: call.id,
              type: "function" as const,
              function: { name: call.name, arguments: call.arguments },
            })),
          }),
        });
        if (turn.finishReason === "length") {
          note = { kind: "truncated", text: "The answer was cut off: it reached the output limit." };
        }
        if (turn.toolCalls.length === 0 || turn.finishReason !== "tool_calls") break;
        const callIds = turn.toolCalls.map((call) => call.id);
        this.set({ status: "awaiting-cells", sessionId: current, callIds });
        messages.push(...(await this.deps.awaitCells(current, callIds, controller.signal)));
        const stop = this.deps.stopAfterCells(current);
        if (stop) {
          note = { kind: "cap", text: stop };
          break;
        }
        if (++toolTurns >= this.deps.maxToolTurns) {
          note = {
            kind: "cap",
            text: `Stopped after ${toolTurns} tool steps in a row. Send a message to let the agent continue.`,
          };
          break;
        }
      }
    } catch (error) {
      note =
        error instanceof LoopStop
          ? error.note
          : controller.signal.aborted
            ? { kind: "stopped", text: "Stopped." }
            : { kind: "error", text: messageOf(error) };
    } finally {
      this.controller = null;
    }
    this.set({ status: "idle", sessionId: current, note });
  }

  private async stream(
    sessionId: string | null,
    model: string,
    messages: ChatMessage[],
    signal: AbortSignal,
  ): Promise<Turn> {
    this.set({ status: "streaming", sessionId, content: "", toolCalls: [] });
    let response: Response;
    try {
      response = await this.deps.fetch("/api/inference", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model,
          session_id: sessionId ?? undefined,
          stream: true,
          messages: [{ role: "system", content: this.deps.systemPrompt() }, ...messages],
          tools: [pythonTool],
        }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new LoopStop({
        kind: "error",
        text: "Could not reach the server. Check your connection and try again.",
      });
    }
    if (!response.ok || !response.body) {
      throw new LoopStop({ kind: "error", text: await errorMessage(response) });
    }
    const streamSession = response.headers.get("x-session-id") ?? sessionId;
    if (!streamSession) throw new LoopStop({ kind: "error", text: "The server did not name the session." });
    const accumulator = new ChunkAccumulator();
    for await (const data of sseData(response.body)) {
      const event = JSON.parse(data) as ChatCompletionChunk & { error?: { message?: string } };
      if (event.error) {
        throw new LoopStop({ kind: "error", text: event.error.message ?? "The model's answer failed." });
      }
      accumulator.push(event);
      this.set({
        status: "streaming",
        sessionId: streamSession,
        content: accumulator.content,
        toolCalls: accumulator.toolCalls,
      });
    }
    if (signal.aborted) throw new LoopStop({ kind: "stopped", text: "Stopped." });
    return {
      sessionId: streamSession,
      content: accumulator.content,
      toolCalls: accumulator.toolCalls,
      finishReason: accumulator.finishReason,
    };
  }
}
