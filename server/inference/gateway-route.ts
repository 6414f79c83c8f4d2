/** What the gateway's routes share: who is calling, the capped JSON body, and error responses. */
import "server-only";
import type { Logger } from "pino";
import { AppError } from "../app-error.ts";
import { isBanned } from "../auth/access.ts";
import { auth } from "../auth/auth.ts";
import { env } from "../env.ts";
import { findKeyOwner } from "../keys/authenticate-key.ts";
import { logger } from "../logger.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "../request-id.ts";
import {
  banned,
  GatewayError,
  type GatewayErrorType,
  invalidKey,
  invalidRequest,
  tooLarge,
} from "./gateway-error.ts";

export type GatewayIdentity = { accountId: string; keyId: string | null };

/** A virtual key (`Authorization: Bearer sk-ada-…`) when `allowKeys`, else the session cookie. */
export async function identify(
  request: Request,
  { allowKeys }: { allowKeys: boolean },
): Promise<GatewayIdentity> {
  const authorization = request.headers.get("authorization");
  if (allowKeys && authorization) {
    const key = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const owner = key ? await findKeyOwner(key, isBanned) : { refused: "unknown" as const };
    if ("refused" in owner) throw invalidKey();
    if (isBanned(owner.account)) throw banned();
    return { accountId: owner.accountId, keyId: owner.keyId };
  }
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) {
    throw new GatewayError(
      401,
      "authentication_error",
      allowKeys ? "Missing API key: send Authorization: Bearer <key>." : "Sign-in required.",
      "missing_credentials",
    );
  }
  if (isBanned(session.user)) throw banned();
  return { accountId: session.user.id, keyId: null };
}

/** The request body as JSON, refused (413) past MAX_REQUEST_BYTES without reading it all. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const oversize = () =>
    tooLarge(`The request body is larger than ${env.MAX_REQUEST_BYTES} bytes.`, "request_too_large");
  if (Number(request.headers.get("content-length")) > env.MAX_REQUEST_BYTES) throw oversize();
  let text: string;
  if (request.headers.has("content-length")) {
    text = await request.text();
  } else {
    // No declared length (chunked upload): count while reading.
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of request.body ?? []) {
      size += chunk.byteLength;
      if (size > env.MAX_REQUEST_BYTES) throw oversize();
      chunks.push(chunk);
    }
    text = Buffer.concat(chunks).toString("utf8");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidRequest("The request body is not valid JSON.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw invalidRequest("The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

/**
 * Runs a gateway route: tags the request with an id (these routes skip proxy.ts), and turns every
 * failure into an OpenAI-shaped error, unexpected ones logged.
 */
export async function gatewayRoute(request: Request, handle: (log: Logger) => Promise<Response>) {
  const reqId = requestIdFor(request.headers);
  const log = logger.child({ reqId });
  // Every request is recorded in usage_log (status, latency, tokens); the log keeps the failures.
  log.debug({ method: request.method, path: new URL(request.url).pathname }, "request");
  const response = await handle(log).catch((error: unknown) => {
    if (error instanceof GatewayError) return error.toResponse();
    if (error instanceof AppError) {
      const type: GatewayErrorType =
        error.status === 404
          ? "not_found_error"
          : error.status === 429
            ? "rate_limit_exceeded"
            : "invalid_request_error";
      return new GatewayError(error.status, type, error.message, error.code.toLowerCase()).toResponse();
    }
    log.error({ err: error }, "gateway request failed");
    return new GatewayError(
      500,
      "server_error",
      "The gateway failed; nothing was charged for this request.",
    ).toResponse();
  });
  response.headers.set(REQUEST_ID_HEADER, reqId);
  return response;
}
