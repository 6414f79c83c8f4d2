import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { electricUpstream, proxyShape } from "./proxy.ts";
import { syncedShapes } from "./shapes.ts";

/** A stand-in for the Electric service: records what it is asked, answers like Electric (gzip included). */
let received: URL[] = [];
const standIn = http.createServer((request, response) => {
  received.push(new URL(request.url ?? "/", "http://electric"));
  response.writeHead(200, {
    "content-type": "application/json",
    "content-encoding": "gzip",
    "cache-control": "public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746",
    "electric-handle": "123-456",
    "electric-offset": "0_0",
    "electric-schema": "{}",
    "electric-up-to-date": "",
    "access-control-allow-origin": "*",
  });
  response.end(gzipSync(JSON.stringify([{ headers: { control: "up-to-date" } }])));
});
let baseUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => standIn.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => standIn.close(() => resolve())));

describe("the shape proxy in front of a real Electric", () => {
  it("sends exactly the server's shape plus the browser's protocol parameters", async () => {
    received = [];
    const browser = new Request(
      "http://localhost:3000/api/sync/usage_log?offset=12_3&handle=123-456&live=true&cursor=99&log=full&cache-buster=x" +
        "&table=user&where=1%3D1&columns=key_hash&params%5B1%5D=someone-else&replica=full&secret=guess" +
        "&subset__where=true&live_sse=true&api_secret=guess",
    );
    const response = await proxyShape(browser, "usage_log", "account-a", electricUpstream(baseUrl, "s3cret"));

    expect(received).toHaveLength(1);
    const url = received[0] as URL;
    expect(url.pathname).toBe("/v1/shape");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      table: "usage_log",
      where: `"account_id" = $1`,
      "params[1]": "account-a",
      columns: syncedShapes.usage_log.join(","),
      secret: "s3cret",
      offset: "12_3",
      handle: "123-456",
      live: "true",
      cursor: "99",
      log: "full",
      "cache-buster": "x",
    });

    expect(await response.json()).toEqual([{ headers: { control: "up-to-date" } }]);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("vary")).toBe("cookie");
    expect(response.headers.get("electric-handle")).toBe("123-456");
    expect(response.headers.get("electric-schema")).toBe("{}");
  });
});
