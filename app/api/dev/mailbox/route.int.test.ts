import { describe, expect, it } from "vitest";
import { deliverToDevMailbox } from "#server/auth/dev-mailbox.ts";
import { GET } from "./route.ts";

const get = (query: string) => GET(new Request(`http://localhost:3000/api/dev/mailbox${query}`));

describe("GET /api/dev/mailbox", () => {
  it("returns the latest code sent to an address", async () => {
    await deliverToDevMailbox("reader@example.com", "111111");
    await deliverToDevMailbox("Reader@Example.com", "222222");
    const response = await get("?email=reader%40example.com");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: "222222" });
  });

  it("answers 404 for an address with no code and 400 for a malformed one", async () => {
    expect((await get("?email=nobody%40example.com")).status).toBe(404);
    const bad = await get("?email=not-an-address");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.stringContaining("?email=") });
  });
});
