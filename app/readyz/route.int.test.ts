import { describe, expect, it } from "vitest";
import { GET } from "./route.ts";

describe("GET /readyz", () => {
  it("is ready when the database answers and every migration is applied", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
  });
});
