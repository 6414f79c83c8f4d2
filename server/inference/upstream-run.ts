/**
 * One upstream call holding one reservation: waits for the provider's first chunk (so earlier
 * failures are still a clean error and a full refund), relays the stream or the whole answer, and
 * settles exactly once however it ends — charge, usage row and the assistant's turn.
 */
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { Logger } from "pino";
import { appendAssistantTurn } from "../agent/transcript.ts";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { messageOf } from "../error-message.ts";
import { settle } from "../quota/reservations.ts";
import { ChunkAccumulator } from "./chunk-accumulator.ts";
import { countCompletionTokens, FOREIGN_TOKENIZER_MARGIN } from "./estimate.ts";
import type { GatewayCaller } from "./gateway.ts";
import { GatewayError, invalidRequest } from "./gateway-error.ts";
import type { Model } from "./models.ts";
import type { ChatRequest } from "./openai-schema.ts";
import { type ProviderAdapter, upstreamStatus } from "./providers/provider.ts";
import { encodeDone, encodeError, encodeEvent, SSE_HEADERS } from "./sse.ts";

export type RunOptions = {
  signal: AbortSignal;
  log: Logger;
  receivedAt: number;
  headers?: Record<string, string>;
};

export class UpstreamRun {
  private readonly abort = new AbortController();
  private readonly acc = new ChunkAccumulator();
  private iterator: AsyncIterator<ChatCompletionChunk> | undefined;
  private ttftMs: number | null = null;
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
  }

  /** Calls the provider and waits for its first chunk, so failures up to here can still be a clean error. */
  async start(provider: ProviderAdapter, request: ChatRequest, maxTokens: number) {
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(env.UPSTREAM_TIMEOUT_MS)]);
    const firstByte = AbortSignal.timeout(env.FIRST_BYTE_TIMEOUT_MS);
    const onTimeout = () => this.abort.abort(firstByte.reason);
    firstByte.addEventListener("abort", onTimeout, { once: true });
    try {
      const chunks = await provider.stream({ request, model: this.model, maxTokens, signal });
      this.iterator = chunks[Symbol.asyncIterator]();
      const first = await this.iterator.next();
      this.ttftMs = Math.round(performance.now() - this.options.receivedAt);
      return first;
    } catch (error) {
      // Nothing reached the client: the whole reservation goes back.
      const timedOut = firstByte.aborted;
      this.options.log.warn({ err: error, model: this.model.id }, "upstream failed before the first byte");
      await this.finish(this.options.signal.aborted ? "aborted" : "failed", messageOf(error), {
        refund: true,
      });
      if (this.options.signal.aborted)
        throw new GatewayError(499, "invalid_request_error", "Client closed the request.");
      throw timedOut ? upstreamTimeout(this.model) : upstreamFailure(this.model, error);
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
            this.acc.push(next.value);
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
            return;
          }
          this.options.log.warn({ err: error, model: this.model.id }, "upstream stream broke off");
          await this.finish("failed", messageOf(error));
          end(controller, encodeError(upstreamFailure(this.model, error)));
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
      for (let next = first; !next.done; next = await this.next()) this.acc.push(next.value);
    } catch (error) {
      const aborted = this.options.signal.aborted;
      await this.finish(aborted ? "aborted" : "failed", aborted ? "Client disconnected." : messageOf(error));
      throw upstreamFailure(this.model, error);
    }
    await this.finish("settled", null);
    const { acc } = this;
    const toolCalls = acc.toolCalls.map((call) => ({
      id: call.id,
      type: "function" as const,
      function: { name: call.name, arguments: call.arguments },
    }));
    return Response.json(
      {
        id: acc.id,
        object: "chat.completion",
        created: acc.created,
        model: this.model.id,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: acc.content || null,
              refusal: null,
              ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
            },
            finish_reason: acc.finishReason ?? "stop",
            logprobs: null,
          },
        ],
        usage: this.usage(),
      },
      { headers },
    );
  }

  private next() {
    if (!this.iterator) throw new Error("upstream not started");
    return this.iterator.next();
  }

  /** The provider's own count when it sent one; otherwise what was actually streamed. */
  private usage() {
    if (this.acc.usage) return this.acc.usage;
    const generated = countCompletionTokens(this.acc.generatedText);
    const completion =
      this.model.provider === "anthropic" ? Math.ceil(generated * FOREIGN_TOKENIZER_MARGIN) : generated;
    return {
      prompt_tokens: this.promptEstimate,
      completion_tokens: completion,
      total_tokens: this.promptEstimate + completion,
    };
  }

  /** Settles once: charge and usage row (one statement), with the assistant's turn in one transaction. */
  private finish(status: "settled" | "failed" | "aborted", error: string | null, { refund = false } = {}) {
    clearTimeout(this.deadline);
    this.settled ??= (async () => {
      const usage = refund ? { prompt_tokens: 0, completion_tokens: 0 } : this.usage();
      const charged = Math.ceil((usage.prompt_tokens + usage.completion_tokens) * this.model.tokenWeight);
      try {
        const settlement = {
          usageLogId: this.usageLogId,
          reserved: this.reserved,
          charged,
          status,
          promptTokens: usage.prompt_tokens,
          completionTokens: usage.completion_tokens,
          ttftMs: this.ttftMs,
          latencyMs: Math.round(performance.now() - this.options.receivedAt),
          error,
        };
        const sessionId = this.caller.agentSessionId;
        if (!sessionId) {
          await settle(db, settlement);
          return;
        }
        try {
          await db.$transaction(async (tx) => {
            if (!(await settle(tx, settlement))) return;
            await appendAssistantTurn(tx, {
              sessionId,
              usageLogId: this.usageLogId,
              content: this.acc.content,
              toolCalls: this.acc.toolCalls,
            });
          });
        } catch (transcriptError) {
          // The charge must never depend on the transcript write: settle alone, keep the error.
          this.options.log.error(
            { err: transcriptError, usageLogId: this.usageLogId },
            "storing the answer failed",
          );
          await settle(db, settlement);
        }
      } catch (settleError) {
        // The sweeper releases this reservation later; the request itself is over.
        this.options.log.error({ err: settleError, usageLogId: this.usageLogId }, "settlement failed");
      }
    })();
    return this.settled;
  }
}

function upstreamTimeout(model: Model) {
  return new GatewayError(
    504,
    "upstream_error",
    `${model.provider} did not answer in time; nothing was charged.`,
    "upstream_timeout",
  );
}

/**
 * Provider refusals of the request itself stay 400s with the provider's words; anything else is
 * the provider's fault (502) and its message, which may echo our credentials, stays in the log.
 */
function upstreamFailure(model: Model, error: unknown) {
  const status = upstreamStatus(error);
  if (status === 400) return invalidRequest(`${model.provider} rejected the request: ${messageOf(error)}`);
  const what = status ? `answered ${status}` : "could not be reached or broke off";
  return new GatewayError(502, "upstream_error", `The ${model.provider} provider ${what}.`, "upstream_error");
}
