/**
 * The gateway's error vocabulary: every failure leaves in OpenAI's error shape,
 * `{ error: { message, type, param, code } }`, with the matching HTTP status.
 */
import "server-only";

export type GatewayErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "insufficient_quota"
  | "rate_limit_exceeded"
  | "upstream_error"
  | "server_error";

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: GatewayErrorType,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }

  toJSON() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  toResponse() {
    return Response.json(this.toJSON(), { status: this.status, headers: this.headers });
  }
}

export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new GatewayError(400, "invalid_request_error", message, code, param);

/** A cap passed: 413, with what passed it in `code` (and `param`). */
export const tooLarge = (message: string, code: string, param: string | null = null) =>
  new GatewayError(413, "invalid_request_error", message, code, param);

export const invalidKey = () =>
  new GatewayError(401, "authentication_error", "Invalid or revoked API key.", "invalid_api_key");

export const banned = () =>
  new GatewayError(403, "permission_error", "This account is banned.", "account_banned");
