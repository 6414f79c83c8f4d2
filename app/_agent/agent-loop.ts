/**
 * The agent loop, in plain TypeScript: stream the model's answer from /api/inference; when it
 * calls tools, wait for the user to resolve the cells (Run / Edit / Skip), send the results as
 * the next turn, and go on until the model answers without tools, the user stops it, or the
 * tool-turn cap ends a runaway loop. Every `pauseAfter` model calls in one run it pauses and asks
 * before spending more (the run's budget). The UI subscribes to its state.
 */

import type { ChatMessage } from "#common/chat-schema.ts";
import type { AccumulatedToolCall, ChunkAccumulator } from "#common/chunk-accumulator.ts";
import { messageOf } from "#common/error-message.ts";
import {
  AnswerFailed,
  AnswerLost,
  answerUrl,
  attachAnswer,
  readAnswer,
  startAnswer,
} from "./answer-stream.ts";
import { pythonTool } from "./conversation.ts";

type LoopNote = { kind: "error" | "stopped" | "cap" | "truncated"; text: string };

export type LoopState =
  | { status: "idle"; sessionId: string | null; note: LoopNote | null }
  | { status: "streaming"; sessionId: string | null; content: string; toolCalls: AccumulatedToolCall[] }
  | { status: "awaiting-cells"; sessionId: string; callIds: string[] }
  /** Before model call `calls + 1` of this run: waiting for the user to continue (or stop). */
  | { status: "paused"; sessionId: string; calls: number };

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
  /** Model calls one run makes before it pauses and asks to continue (the session's setting). */
  pauseAfter(sessionId: string | null): number;
  /** The model picked now, read at each call (a run goes on with a new pick); else the run's. */
  currentModel?(): string | null;
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

export class AgentLoop {
  private state: LoopState = { status: "idle", sessionId: null, note: null };
  private controller: AbortController | null = null;
  private resumeRun: (() => void) | null = null;
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

  /**
   * Reports resolved cells that the model has not seen yet (after a reload, say) and goes on,
   * unless those cells end the run (the last fix failed too): then it says why, as a run would.
   */
  async continue(options: { sessionId: string; model: string }) {
    const stop = this.busy ? null : this.deps.stopAfterCells(options.sessionId);
    if (stop)
      return this.set({ status: "idle", sessionId: options.sessionId, note: { kind: "cap", text: stop } });
    return this.run(options.sessionId, options.model, this.deps.conversation(options.sessionId));
  }

  /** Stops the stream (on the server too: it outlives its reader), the wait for cells or the pause. */
  stop() {
    const state = this.state;
    if (state.status === "streaming" && state.sessionId) {
      void this.deps.fetch(answerUrl(state.sessionId), { method: "DELETE" }).catch(() => {});
    }
    this.controller?.abort();
  }

  /** Resolves once the loop is idle (after a stop, say). */
  idle() {
    return new Promise<void>((resolve) => {
      if (!this.busy) return resolve();
      const off = this.subscribe(() => {
        if (this.busy) return;
        off();
        resolve();
      });
    });
  }

  /** Stops following here only (the page goes away): the answer runs on and can be attached to again. */
  leave() {
    this.controller?.abort();
  }

  /** Shows the session's answer in flight on the server (a reload, another tab); answers whether there was one. */
  attach = async (sessionId: string) => {
    if (this.busy) return false;
    const controller = new AbortController();
    const body = await attachAnswer(this.deps.fetch, sessionId, undefined, controller.signal).catch(
      () => null,
    );
    if (!body) return false;
    if (this.busy) {
      await body.cancel();
      return true;
    }
    this.controller = controller;
    this.set({ status: "streaming", sessionId, content: "", toolCalls: [] });
    let note: LoopNote | null = null;
    try {
      await this.read(body, sessionId, controller.signal);
    } catch (error) {
      note = error instanceof LoopStop ? error.note : { kind: "stopped", text: "Stopped." };
    } finally {
      this.controller = null;
    }
    this.set({ status: "idle", sessionId, note });
    return true;
  };

  /** One answer's events, shown as they arrive; failures become the loop's notes. */
  private async read(body: ReadableStream<Uint8Array>, sessionId: string, signal: AbortSignal) {
    const show = (answer: ChunkAccumulator) =>
      this.set({ status: "streaming", sessionId, content: answer.content, toolCalls: answer.toolCalls });
    try {
      return await readAnswer(this.deps.fetch, body, sessionId, signal, show);
    } catch (error) {
      if (!signal.aborted && (error instanceof AnswerFailed || error instanceof AnswerLost)) {
        throw new LoopStop({ kind: "error", text: error.message });
      }
      throw error;
    }
  }

  /** At a budget pause: go on with the next model calls. */
  resume() {
    this.resumeRun?.();
  }

  private async pause(sessionId: string, calls: number, signal: AbortSignal) {
    this.set({ status: "paused", sessionId, calls });
    try {
      await new Promise<void>((resolve, reject) => {
        this.resumeRun = resolve;
        signal.addEventListener(
          "abort",
          () =>
            reject(
              new LoopStop({
                kind: "cap",
                text: `Stopped at the pause after ${calls} model calls. Send a message to go on.`,
              }),
            ),
          { once: true },
        );
      });
    } finally {
      this.resumeRun = null;
    }
  }

  private async run(sessionId: string | null, model: string, messages: ChatMessage[]) {
    if (this.busy) throw new Error("The agent is already working on this conversation.");
    const controller = new AbortController();
    this.controller = controller;
    let current = sessionId;
    let note: LoopNote | null = null;
    try {
      for (let toolTurns = 0, calls = 0; ; ) {
        const pauseAfter = Math.max(1, this.deps.pauseAfter(current));
        if (current && calls > 0 && calls % pauseAfter === 0) {
          await this.pause(current, calls, controller.signal);
        }
        calls++;
        // The picker may change during a run: each call uses the model chosen now.
        const turn = await this.stream(
          current,
          this.deps.currentModel?.() ?? model,
          messages,
          controller.signal,
        );
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
    const request = {
      model,
      session_id: sessionId ?? undefined,
      stream: true,
      messages: [{ role: "system", content: this.deps.systemPrompt() }, ...messages],
      tools: [pythonTool],
    };
    const { body, sessionId: streamSession } = await startAnswer(this.deps.fetch, request, signal).catch(
      (error: unknown) => {
        throw error instanceof AnswerFailed ? new LoopStop({ kind: "error", text: error.message }) : error;
      },
    );
    this.set({ status: "streaming", sessionId: streamSession, content: "", toolCalls: [] });
    const accumulator = await this.read(body, streamSession, signal);
    if (signal.aborted) throw new LoopStop({ kind: "stopped", text: "Stopped." });
    return {
      sessionId: streamSession,
      content: accumulator.content,
      toolCalls: accumulator.toolCalls,
      finishReason: accumulator.finishReason,
    };
  }
}
