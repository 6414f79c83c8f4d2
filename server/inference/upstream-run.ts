/**
 * One upstream call holding one reservation: waits for the provider's first chunk (so earlier
 * failures are still a clean error), relays the stream or the whole answer, and settles exactly
 * once however it ends — charge, usage row and the assistant's turn. The client does not decide
 * what it pays: once the provider has accepted the request its prompt is owed, and a cut stream
 * pays for its prompt, its visible output and, on reasoning models, an estimate of the hidden
 * reasoning (reasoning.ts). A provider that goes quiet mid-stream is cut after
 * UPSTREAM_IDLE_TIMEOUT_MS. A settlement that fails is retried; if it keeps failing, the row stops
 * being stamped alive and the sweeper frees its stream slot within a minute.
 */
import "server-only";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Logger } from "pino";
import type { ChatRequest } from "#common/chat-schema.ts";
import { ChunkAccumulator, type Usage } from "#common/chunk-accumulator.ts";
import { messageOf } from "#common/error-message.ts";
import { env } from "../env.ts";
import { holdAlive, letGo, recordAcceptance } from "../quota/heartbeat.ts";
import type { Settlement } from "../quota/reservations.ts";
import { completionBody } from "./completion-body.ts";
import { estimateCompletionTokens, FOREIGN_TOKENIZER_MARGIN } from "./estimate.ts";
import { GatewayError } from "./gateway-error.ts";
import type { Model } from "./models.ts";
import type { ProviderAdapter } from "./providers/provider.ts";
import { estimateHiddenReasoning, hasHiddenReasoning } from "./reasoning.ts";
import { encodeDone, encodeError, encodeEvent, SSE_HEADERS } from "./sse.ts";
import { type Answer, retryStoring, storeAnswer } from "./store-answer.ts";
import { upstreamFailure, upstreamIdle, upstreamTimeout } from "./upstream-errors.ts";

export type GatewayCaller = {
  accountId: string;
  keyId: string | null;
  /** The agent session whose transcript this request extends (browser route), if any. */
  agentSessionId: string | null;
};

export type RunOptions = {
  signal: AbortSignal;
  log: Logger;
  receivedAt: number;
  headers?: Record<string, string>;
};

/** When a settlement fails (the database refused the write), it is tried again after these waits. */

type Ending = {
  /** The provider never accepted the request: nothing was spent, the whole reservation goes back. */
  refund?: boolean;
  /** Whether hidden reasoning may have run (not when the provider sent nothing in time). */
  reasoning?: boolean;
};

export class UpstreamRun {
  private readonly abort = new AbortController();
  private readonly acc = new ChunkAccumulator();
  private iterator: AsyncIterator<ChatCompletionChunk> | undefined;
  private maxTokens = 0;
  private ttftMs: number | null = null;
  /** When the provider accepted the request (answered with a stream): its prompt is owed from then. */
  private acceptedAt: number | null = null;
  /** When the first output the client can see arrived; before it, a reasoning model was thinking. */
  private firstOutputAt: number | null = null;
  private idledOut = false;
  private finalUsage: Usage | undefined;
  private settled: Promise<void> | undefined;
  private readonly deadline: ReturnType<typeof setTimeout>;

  constructor(
    private readonly caller: GatewayCaller,
    private readonly model: Model,
    private readonly usageLogId: string,
    private readonly reserved: number,
    private readonly promptEstimate: number,
    private readonly options: RunOptions,
  ) {
    if (options.signal.aborted) this.abort.abort();
    else options.signal.addEventListener("abort", () => this.abort.abort(), { once: true });
    // A client that stops reading never pulls the stream to its end: settle at the time limit
    // anyway, for what was generated, before the sweeper would treat the request as dead.
    this.deadline = setTimeout(() => {
      this.abort.abort();
      void this.finish("aborted", "The stream exceeded its time limit.");
    }, env.UPSTREAM_TIMEOUT_MS);
    this.deadline.unref?.();
    holdAlive(usageLogId);
  }

  /** Calls the provider and waits for its first chunk, so failures up to here can still be a clean error. */
  async start(provider: ProviderAdapter, request: ChatRequest, maxTokens: number) {
    this.maxTokens = maxTokens;
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(env.UPSTREAM_TIMEOUT_MS)]);
    const firstByte = AbortSignal.timeout(env.FIRST_BYTE_TIMEOUT_MS);
    const onTimeout = () => this.abort.abort(firstByte.reason);
    firstByte.addEventListener("abort", onTimeout, { once: true });
    try {
      const chunks = await provider.stream({ request, model: this.model, maxTokens, signal });
      this.accept();
      this.iterator = chunks[Symbol.asyncIterator]();
      const first = this.unlessAborted(await this.iterator.next());
      this.ttftMs = Math.round(performance.now() - this.options.receivedAt);
      return first;
    } catch (error) {
      // Nothing reached the client. Before the provider accepted the request nothing was spent
      // either; after, its prompt is paid, whether the client hung up or the provider was slow.
      const timedOut = firstByte.aborted;
      const accepted = this.acceptedAt !== null;
      this.options.log.warn({ err: error, model: this.model.id }, "upstream failed before the first byte");
      await this.finish(this.options.signal.aborted ? "aborted" : "failed", messageOf(error), {
        refund: !accepted,
        reasoning: !timedOut,
      });
      if (this.options.signal.aborted)
        throw new GatewayError(499, "invalid_request_error", "Client closed the request.");
      throw timedOut ? upstreamTimeout(this.model, accepted) : upstreamFailure(this.model, error);
    } finally {
      firstByte.removeEventListener("abort", onTimeout);
    }
  }

  streamResponse(
    first: IteratorResult<ChatCompletionChunk>,
    includeUsage: boolean,
    headers: Record<string, string>,
  ) {
    let pending: IteratorResult<ChatCompletionChunk> | undefined = first;
    let cancelled = false;
    /** The stream's end goes out after settling: the client's next request sees the real charge and the stored turn. */
    const end = (controller: ReadableStreamDefaultController<Uint8Array>, ...last: Uint8Array[]) => {
      if (cancelled) return;
      for (const bytes of last) controller.enqueue(bytes);
      controller.enqueue(encodeDone());
      controller.close();
    };
    const body = new ReadableStream<Uint8Array>({
      // Each pull must enqueue or close: a pull that does neither is never called again.
      pull: async (controller) => {
        try {
          for (;;) {
            const next = pending ?? (await this.next());
            pending = undefined;
            if (next.done) {
              await this.finish("settled", null);
              end(controller);
              return;
            }
            this.take(next.value);
            const chunk = { ...next.value, model: this.model.id };
            if (chunk.usage && !includeUsage) {
              // Usage is always requested upstream; the client sees it only when it asked.
              if (chunk.choices.length === 0) continue;
              delete chunk.usage;
            }
            controller.enqueue(encodeEvent(chunk));
            return;
          }
        } catch (error) {
          if (this.options.signal.aborted) {
            await this.finish("aborted", "Client disconnected.");
            // A stopped answer may still have readers (another tab): they see it end.
            end(controller);
            return;
          }
          const failure = this.failure(error);
          this.options.log.warn({ err: error, model: this.model.id }, "upstream stream broke off");
          await this.finish("failed", this.idledOut ? failure.message : messageOf(error));
          end(controller, encodeError(failure));
        }
      },
      cancel: async () => {
        cancelled = true;
        this.abort.abort();
        await this.finish("aborted", "Client disconnected.");
      },
    });
    return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
  }

  async jsonResponse(first: IteratorResult<ChatCompletionChunk>, headers: Record<string, string>) {
    try {
      for (let next = first; !next.done; next = await this.next()) this.take(next.value);
    } catch (error) {
      const aborted = this.options.signal.aborted;
      const failure = this.failure(error);
      const reason = this.idledOut ? failure.message : messageOf(error);
      await this.finish(aborted ? "aborted" : "failed", aborted ? "Client disconnected." : reason);
      throw failure;
    }
    await this.finish("settled", null);
    return Response.json(completionBody(this.acc, this.model.id, this.finalUsage), { headers });
  }

  /** The provider answered with a stream: record that its prompt is owed from now on. */
  private accept() {
    this.acceptedAt = performance.now();
    recordAcceptance(this.usageLogId, Math.ceil(this.promptEstimate * this.model.tokenWeight));
  }

  private take(chunk: ChatCompletionChunk) {
    this.acc.push(chunk);
    const visible = chunk.choices.some((choice) => choice.delta?.content || choice.delta?.tool_calls?.length);
    if (visible) this.firstOutputAt ??= performance.now();
  }

  /** The next chunk; a provider that sends nothing for UPSTREAM_IDLE_TIMEOUT_MS is cut off. */
  private async next() {
    if (!this.iterator) throw new Error("upstream not started");
    const idle = setTimeout(() => {
      this.idledOut = true;
      this.abort.abort();
    }, env.UPSTREAM_IDLE_TIMEOUT_MS);
    try {
      return this.unlessAborted(await this.iterator.next());
    } finally {
      clearTimeout(idle);
    }
  }

  /** The SDKs end a stream quietly when it is aborted: that end is a cut, not the answer's end. */
  private unlessAborted(result: IteratorResult<ChatCompletionChunk>) {
    if (result.done && this.abort.signal.aborted) throw new Error("The upstream stream was cut off.");
    return result;
  }

  private failure(error: unknown) {
    return this.idledOut ? upstreamIdle(this.model) : upstreamFailure(this.model, error);
  }

  /**
   * The provider's own count when it sent one. Otherwise the prompt estimate, what was streamed
   * and, on reasoning models, the hidden reasoning estimated from the wait for visible output.
   */
  private async usage({ reasoning = true }: Ending): Promise<Usage> {
    if (this.acc.usage) return this.acc.usage;
    const generated = await estimateCompletionTokens(this.acc.generatedText);
    let completion =
      this.model.provider === "anthropic" ? Math.ceil(generated * FOREIGN_TOKENIZER_MARGIN) : generated;
    if (reasoning && this.acceptedAt !== null && hasHiddenReasoning(this.model)) {
      const thinkingMs = (this.firstOutputAt ?? performance.now()) - this.acceptedAt;
      completion += estimateHiddenReasoning(thinkingMs, this.maxTokens - completion);
    }
    return {
      prompt_tokens: this.promptEstimate,
      completion_tokens: completion,
      total_tokens: this.promptEstimate + completion,
    };
  }

  /** The assistant's turn to store with the settlement, when the request belongs to a session. */
  private answer(): Answer | null {
    const sessionId = this.caller.agentSessionId;
    return sessionId ? { sessionId, content: this.acc.content, toolCalls: this.acc.toolCalls } : null;
  }

  /** Settles once: charge and usage row (one statement), with the assistant's turn in one transaction. */
  private finish(status: Settlement["status"], error: string | null, ending: Ending = {}) {
    clearTimeout(this.deadline);
    this.settled ??= (async () => {
      let settlement: Settlement | undefined;
      try {
        const usage = ending.refund
          ? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }
          : await this.usage(ending);
        this.finalUsage = usage;
        settlement = {
          usageLogId: this.usageLogId,
          reserved: this.reserved,
          charged: Math.ceil((usage.prompt_tokens + usage.completion_tokens) * this.model.tokenWeight),
          status,
          promptTokens: usage.prompt_tokens,
          completionTokens: usage.completion_tokens,
          ttftMs: this.ttftMs,
          latencyMs: Math.round(performance.now() - this.options.receivedAt),
          error,
        };
        await storeAnswer(settlement, this.answer(), this.options.log);
        letGo(this.usageLogId);
      } catch (settleError) {
        this.options.log.error({ err: settleError, usageLogId: this.usageLogId }, "settlement failed");
        if (settlement) void retryStoring(settlement, this.answer(), this.options.log);
        else letGo(this.usageLogId);
      }
    })();
    return this.settled;
  }
}
