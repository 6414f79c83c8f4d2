import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddressOf,
  installClientAddressHook,
  proxyList,
  resolveClientAddress,
  stampClientAddress,
} from "./client-address.ts";

describe("resolveClientAddress", () => {
  const none = proxyList([]);
  const vpc = proxyList(["10.0.0.0/16", "fd00::/8"]);

  it("uses the socket's address when no proxy is trusted, whatever the client forwards", () => {
    expect(resolveClientAddress("203.0.113.7", "198.51.100.1", none)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", undefined, none)).toBe("203.0.113.7");
  });

  it("ignores the forwarded header of a connection from outside TRUSTED_PROXIES", () => {
    expect(resolveClientAddress("203.0.113.7", "10.0.0.9", vpc)).toBe("203.0.113.7");
  });

  it("takes the rightmost hop that is not a trusted proxy, behind one", () => {
    // What the load balancer sends for a client that forged its own header.
    expect(resolveClientAddress("10.0.3.4", "198.51.100.1, 203.0.113.7", vpc)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:10.0.3.4", "203.0.113.7, 10.0.8.1", vpc)).toBe("203.0.113.7");
    expect(resolveClientAddress("fd00::1", "2001:DB8::5", vpc)).toBe("2001:db8::5");
  });

  it("takes a trusted proxy's own address when it forwards nothing, or only trusted hops", () => {
    expect(resolveClientAddress("10.0.3.4", undefined, vpc)).toBe("10.0.3.4");
    expect(resolveClientAddress("10.0.3.4", "10.0.9.9, 10.0.8.8", vpc)).toBe("10.0.9.9");
  });

  it("has no address for a missing socket address or a malformed hop where the client should be", () => {
    expect(resolveClientAddress(undefined, "203.0.113.7", none)).toBeUndefined();
    expect(resolveClientAddress("10.0.3.4", "203.0.113.7:443", vpc)).toBeUndefined();
    expect(resolveClientAddress("10.0.3.4", "unknown", vpc)).toBeUndefined();
  });
});

describe("the client address hook", () => {
  let origin = "";
  const server = createServer((request, response) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    response.end(JSON.stringify({ address: clientAddressOf(headers) ?? null }));
  });

  beforeAll(async () => {
    installClientAddressHook();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("stamps the socket's address over anything the client sends", async () => {
    const response = await fetch(origin, {
      headers: {
        "x-forwarded-for": "198.51.100.1",
        [CLIENT_ADDRESS_HEADER]: `forged 198.51.100.2`,
      },
    });
    expect(await response.json()).toEqual({ address: "127.0.0.1" });
  });

  it("leaves a header the hook did not stamp without an address", () => {
    expect(
      clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: "0123abcd 198.51.100.1" })),
    ).toBeUndefined();
    expect(clientAddressOf(new Headers())).toBeUndefined();
    expect(
      clientAddressOf(new Headers({ [CLIENT_ADDRESS_HEADER]: stampClientAddress("198.51.100.1") })),
    ).toBe("198.51.100.1");
  });
});
