/**
 * A stand-in for the model providers (test code): a real HTTP server that speaks OpenAI Chat
 * Completions and Anthropic Messages on the wire (SSE framing, tool-call deltas, usage, errors,
 * slow and cut streams), so the real `openai` and `@anthropic-ai/sdk` clients run against it.
 *
 * What it answers is a Script: taken from a FIFO queue (`enqueue`), else from a directive in the
 * last user message (`FAKE:{json}` or `FAKE:[json, …]`, see `directive`), else a short greeting.
 * `GET /received` answers the bodies of the requests received so far (the E2E specs, which run it
 * as a process, check what reached the provider).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { directive, type Script } from "./fake-model-script.ts";

type ReceivedRequest = {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The client went away before the answer was complete. */
  closedEarly: boolean;
};

const DEFAULT_SCRIPT: Script = { text: "Hello from the fake model." };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeModelServer(port = 0) {
  const queue: Script[] = [];
  const received: ReceivedRequest[] = [];

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
      : {};
    const path = req.url ?? "/";
    if (req.method === "GET" && path === "/received") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(received.map((request) => ({ path: request.path, body: request.body }))));
      return;
    }
    const record: ReceivedRequest = { path, headers: req.headers, body, closedEarly: false };
    received.push(record);
    res.on("close", () => {
      record.closedEarly = !res.writableFinished;
    });

    if (path.endsWith("/messages/count_tokens")) {
      const countStatus = directive(body)?.countStatus;
      if (countStatus) {
        res.writeHead(countStatus, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `scripted failure ${countStatus}`, type: "api_error" } }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ input_tokens: 10 }));
      return;
    }
    const script = queue.shift() ?? directive(body) ?? DEFAULT_SCRIPT;
    if (script.delayMs) await sleep(script.delayMs);
    if (res.destroyed) return;
    if (script.status) {
      res.writeHead(script.status, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ error: { message: `scripted failure ${script.status}`, type: "server_error" } }),
      );
      return;
    }
    if (path.endsWith("/chat/completions")) await answerOpenAI(res, body, script);
    else if (path.endsWith("/messages")) await answerAnthropic(res, body, script);
    else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    openaiBaseUrl: `${url}/v1`,
    anthropicBaseUrl: url,
    received,
    enqueue: (...scripts: Script[]) => queue.push(...scripts),
    reset: () => {
      queue.length = 0;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeModelServer = Awaited<ReturnType<typeof startFakeModelServer>>;

function pieces(script: Script) {
  const size = script.pieceSize ?? 5;
  const text = script.text ?? "";
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Streams (or not) the way OpenAI does; usage only when the client asked for it. */
async function answerOpenAI(res: http.ServerResponse, body: Record<string, unknown>, script: Script) {
  const id = `chatcmpl-fake${Date.now()}`;
  const model = String(body.model);
  const texts = pieces(script);
  const calls = (script.toolCalls ?? []).map((call, i) => ({ ...call, id: call.id ?? `call_${i}_${id}` }));
  const usage =
    script.usage === null
      ? null
      : {
          prompt_tokens: script.usage?.prompt ?? 10,
          completion_tokens: script.usage?.completion ?? texts.length + calls.length,
          total_tokens:
            (script.usage?.prompt ?? 10) + (script.usage?.completion ?? texts.length + calls.length),
        };
  const finish = calls.length ? "tool_calls" : "stop";

  if (!body.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created: 1,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: script.text ?? null,
              ...(calls.length
                ? {
                    tool_calls: calls.map((c) => ({
                      id: c.id,
                      type: "function",
                      function: { name: c.name, arguments: c.arguments },
                    })),
                  }
                : {}),
            },
            finish_reason: finish,
          },
        ],
        ...(usage ? { usage } : {}),
      }),
    );
    return;
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const chunk = (delta: object, finish_reason: string | null = null) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
  const frames = [
    chunk({ role: "assistant", content: "" }),
    ...texts.map((text) => chunk({ content: text })),
    ...calls.flatMap((call, index) => [
      chunk({
        tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
      chunk({ tool_calls: [{ index, function: { arguments: call.arguments } }] }),
    ]),
    chunk({}, finish),
  ];
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
  if (usage && includeUsage) {
    frames.push(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1, model, choices: [], usage })}\n\n`,
    );
  }
  frames.push("data: [DONE]\n\n");
  await send(res, frames, script);
}

/** The Anthropic Messages event stream: message_start … content blocks … message_delta, message_stop. */
async function answerAnthropic(res: http.ServerResponse, body: Record<string, unknown>, script: Script) {
  const id = `msg_fake${Date.now()}`;
  const texts = pieces(script);
  const calls = script.toolCalls ?? [];
  const input = script.usage?.prompt ?? 10;
  const output = script.usage?.completion ?? texts.length + calls.length;
  const event = (type: string, data: object) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const frames = [
    event("message_start", {
      message: {
        id,
        type: "message",
        role: "assistant",
        model: body.model,
        content: [],
        stop_reason: null,
        usage: { input_tokens: input, output_tokens: 1 },
      },
    }),
    event("ping", {}),
  ];
  let index = 0;
  if (texts.length) {
    frames.push(event("content_block_start", { index, content_block: { type: "text", text: "" } }));
    for (const text of texts)
      frames.push(event("content_block_delta", { index, delta: { type: "text_delta", text } }));
    frames.push(event("content_block_stop", { index }));
    index++;
  }
  for (const [i, call] of calls.entries()) {
    frames.push(
      event("content_block_start", {
        index,
        content_block: { type: "tool_use", id: call.id ?? `toolu_${i}_${id}`, name: call.name, input: {} },
      }),
      event("content_block_delta", {
        index,
        delta: { type: "input_json_delta", partial_json: call.arguments },
      }),
      event("content_block_stop", { index }),
    );
    index++;
  }
  frames.push(
    event("message_delta", {
      delta: { stop_reason: calls.length ? "tool_use" : "end_turn", stop_sequence: null },
      usage: { output_tokens: script.usage === null ? 0 : output },
    }),
    event("message_stop", {}),
  );
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  await send(res, frames, script);
}

async function send(res: http.ServerResponse, frames: string[], script: Script) {
  if (script.firstChunkDelayMs) {
    res.flushHeaders();
    await sleep(script.firstChunkDelayMs);
  }
  for (const [i, frame] of frames.entries()) {
    if (res.destroyed) return;
    if (script.cutAfter !== undefined && i > script.cutAfter) {
      res.destroy();
      return;
    }
    if (script.stallAfter !== undefined && i > script.stallAfter) {
      await new Promise((resolve) => res.once("close", resolve));
      return;
    }
    // Waiting for each frame to be flushed makes a cut land after the bytes before it arrived.
    await new Promise((resolve) => res.write(frame, resolve));
    if (script.chunkDelayMs) await sleep(script.chunkDelayMs);
  }
  res.end();
}
