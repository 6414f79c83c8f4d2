import { describe, expect, it } from "vitest";
import { MAX_BATCH_SIZE } from "#common/trpc-limits.ts";
import { db } from "../db.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { handleTRPCRequest, MAX_BODY_BYTES } from "./http.ts";

const url = (path: string) => `http://localhost:3000/api/trpc/${path}`;

async function signedIn() {
  const client = new TestAuthClient();
  const id = await client.signInAnonymously();
  return { id, headers: client.headers() };
}

const errorOf = async (response: Response) => (await response.json()).error.json;

describe("the tRPC endpoint", () => {
  it(`runs a batch of ${MAX_BATCH_SIZE} calls and refuses a larger one whole`, async () => {
    const { headers } = await signedIn();
    const batch = (n: number) => url(`${Array(n).fill("account.me").join(",")}?batch=1`);
    const allowed = await handleTRPCRequest(new Request(batch(MAX_BATCH_SIZE), { headers }));
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toHaveLength(MAX_BATCH_SIZE);

    const refused = await handleTRPCRequest(new Request(batch(MAX_BATCH_SIZE + 1), { headers }));
    expect(refused.status).toBe(400);
    expect((await errorOf(refused)).message).toMatch(/batch/i);
  });

  it("refuses a body over the limit, declared or streamed, and stores nothing", async () => {
    const { id, headers } = await signedIn();
    headers.set("content-type", "application/json");
    const name = "k".repeat(MAX_BODY_BYTES);
    const body = JSON.stringify({ json: { name } });
    const before = await db.virtualKey.count({ where: { accountId: id } });

    const declared = await handleTRPCRequest(
      new Request(url("keys.create"), { method: "POST", headers, body }),
    );
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).data.code).toBe("PAYLOAD_TOO_LARGE");

    // No content-length: the body is counted as it arrives, and reading stops at the limit.
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 65_536) controller.enqueue(bytes.slice(at, at + 65_536));
        controller.close();
      },
    });
    const streamed = await handleTRPCRequest(
      new Request(url("keys.create"), {
        method: "POST",
        headers,
        body: stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);

    expect(await db.virtualKey.count({ where: { accountId: id } })).toBe(before);
  });

  it("answers malformed JSON and form data with 4xx", async () => {
    const { headers } = await signedIn();
    headers.set("content-type", "application/json");
    const malformed = await handleTRPCRequest(
      new Request(url("keys.create"), { method: "POST", headers, body: '{"json":{"name":' }),
    );
    expect(malformed.status).toBe(400);

    const form = new FormData();
    form.set("name", "x");
    const { headers: formHeaders } = await signedIn();
    const multipart = await handleTRPCRequest(
      new Request(url("keys.create"), { method: "POST", headers: formHeaders, body: form }),
    );
    expect(multipart.status).toBe(415);
  });
});
