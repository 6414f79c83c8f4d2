import { describe, expect, it } from "vitest";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { GET, POST } from "./route.ts";

const url = (path: string) => `http://localhost:3000/api/trpc/${path}`;

describe("/api/trpc over HTTP", () => {
  it("answers an unauthenticated call with 401 UNAUTHORIZED, not a 500", async () => {
    const response = await GET(new Request(url("account.me")));
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error.json.data).toMatchObject({ code: "UNAUTHORIZED", httpStatus: 401 });
  });

  it("answers invalid input with 400 BAD_REQUEST and the flattened Zod issues", async () => {
    const client = new TestAuthClient();
    await client.signInAnonymously();
    const headers = client.headers();
    headers.set("content-type", "application/json");
    const response = await POST(
      new Request(url("keys.create"), {
        method: "POST",
        headers,
        body: JSON.stringify({ json: { name: 42 } }),
      }),
    );
    expect(response.status).toBe(400);
    const { data } = (await response.json()).error.json;
    expect(data.code).toBe("BAD_REQUEST");
    expect(data.zodError.fieldErrors.name).toEqual([expect.stringContaining("string")]);
  });

  it("serves account.me to the session's owner", async () => {
    const client = new TestAuthClient();
    const id = await client.signInAnonymously();
    const response = await GET(new Request(url("account.me"), { headers: client.headers() }));
    expect(response.status).toBe(200);
    expect((await response.json()).result.data.json.user.id).toBe(id);
  });
});
