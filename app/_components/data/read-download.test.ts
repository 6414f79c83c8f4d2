import { describe, expect, it } from "vitest";
import { readDownload } from "./read-download.ts";

/** A download body of `count` chunks of `chunk`, counting what the reader pulled. */
function body(chunk: Uint8Array, count: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === count) return controller.close();
      seen.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe("readDownload", () => {
  it("reports progress from the route's x-file-size and returns every byte", async () => {
    const { stream } = body(new Uint8Array(250).fill(7), 4);
    const shares: number[] = [];
    const bytes = await readDownload(new Response(stream, { headers: { "x-file-size": "1000" } }), {
      name: "tips.csv",
      expectedBytes: null,
      onProgress: (share) => shares.push(share),
    });
    expect(new Uint8Array(bytes)).toEqual(new Uint8Array(1000).fill(7));
    expect(shares).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it("falls back to the catalog's size, and reads a file of unknown size without progress", async () => {
    const shares: number[] = [];
    const onProgress = (share: number) => shares.push(share);
    await readDownload(new Response(body(new Uint8Array(100), 2).stream), {
      name: "tips.csv",
      expectedBytes: 200,
      onProgress,
    });
    expect(shares).toEqual([0.5, 1]);
    shares.length = 0;
    const bytes = await readDownload(new Response(body(new Uint8Array(100), 2).stream), {
      name: "tips.csv",
      expectedBytes: null,
      onProgress,
    });
    expect(bytes.byteLength).toBe(200);
    expect(shares).toEqual([]);
  });

  it("refuses a file known to be too large before reading any of it", async () => {
    const { stream, seen } = body(new Uint8Array(10), 1);
    await expect(
      readDownload(new Response(stream, { headers: { "x-file-size": "200000000" } }), {
        name: "huge.csv",
        expectedBytes: null,
        onProgress: () => {},
      }),
    ).rejects.toThrow("huge.csv is 200 MB; the browser's storage holds files up to 126 MB.");
    expect(seen).toEqual({ pulled: 0, cancelled: true });
  });

  it("stops a download of unknown size once it passes the limit", async () => {
    const chunk = new Uint8Array(8 * 1024 * 1024);
    const { stream, seen } = body(chunk, 100);
    await expect(
      readDownload(new Response(stream), { name: "endless.csv", expectedBytes: null, onProgress: () => {} }),
    ).rejects.toThrow(/^endless\.csv is 1\d\d MB; the browser's storage holds files up to 126 MB\.$/);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThan(20);
  });
});
