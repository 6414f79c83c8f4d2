/**
 * The tRPC endpoint over HTTP (app/api/trpc/[trpc]/route.ts). Batches and bodies are bounded
 * before anything is parsed: at most MAX_BATCH_SIZE calls, at most MAX_BODY_BYTES of JSON.
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { MAX_BATCH_SIZE } from "#common/trpc-limits.ts";
import { createTRPCContext } from "./init.ts";
import { appRouter } from "./root.ts";

/**
 * Next's proxy (proxy.ts runs on /api/trpc) buffers a request body up to 10 MiB and cuts the
 * rest (`experimental.proxyClientMaxBodySize`): a larger body could only arrive cut short.
 */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const tooLarge = () =>
  new TRPCError({
    code: "PAYLOAD_TOO_LARGE",
    message: `A request may carry at most ${MAX_BODY_BYTES / 1024 / 1024} MiB.`,
  });

/** A request whose body is read at most up to the limit; tRPC reads it as JSON, lazily. */
class BoundedRequest extends Request {
  private async readBounded() {
    if (Number(this.headers.get("content-length")) > MAX_BODY_BYTES) throw tooLarge();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of this.body ?? []) {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  override async arrayBuffer() {
    return new Uint8Array(await this.readBounded()).buffer;
  }

  override async text() {
    return (await this.readBounded()).toString("utf8");
  }

  override async json() {
    return JSON.parse(await this.text());
  }

  override async formData(): Promise<never> {
    throw new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: "Send JSON (application/json)." });
  }
}

export function handleTRPCRequest(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new BoundedRequest(req),
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: () => createTRPCContext({ headers: req.headers }),
  });
}
