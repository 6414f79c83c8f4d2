/**
 * Loading Python packages as a cell shows it: where Pyodide fetches package files (this app's
 * /api/python-packages/), what is loading and how much of it has arrived, and what went wrong, in
 * as few lines as possible instead of Pyodide's log of one error per package.
 */

import { FILE_SIZE_HEADER } from "#common/file-size-header.ts";
import { formatSize } from "../_lib/format-size.ts";

export const PACKAGES_PATH = "/api/python-packages/";

/**
 * Pyodide 314 resolves every package file with `new URL(file_name, packageBaseUrl)`, which throws
 * on a relative base: the route is given as an absolute URL on the worker's own origin.
 */
export const packagesUrl = (workerUrl: string | URL) => new URL(PACKAGES_PATH, workerUrl).href;

/** What a cell says when the route could not reach the distribution at all (it answers 503). */
export const MIRROR_UNREACHABLE = "Python packages are unavailable: the package mirror cannot be reached.";

/** Byte counts are posted at most this often; starts and ends of files always. */
const PROGRESS_INTERVAL_MS = 100;

type Failure = { reason: string; isUnreachable: boolean };

type PackageDownloadsOptions = {
  /** The absolute `packageBaseUrl`: only files under it are watched. */
  baseUrl: string;
  /** The package a lock `file_name` belongs to. */
  packageOf: (fileName: string) => string | undefined;
  /** The browser's own fetch. */
  fetch: typeof fetch;
  onProgress: (message: string) => void;
};

/** One `loadPackagesFromImports` call, watched: hand Pyodide `fetch` and `onMessage`. */
export class PackageDownloads {
  private loading = "";
  private expected = 0;
  private readonly files = new Map<string, { size: number | null; received: number }>();
  private readonly failures = new Map<string, Failure>();
  private failed: string[] = [];
  private lastProgress = 0;

  constructor(private readonly options: PackageDownloadsOptions) {}

  /** Pyodide's `messageCallback`: "Loading a, b", "Loaded a, b", "Failed to load a, b", … */
  readonly onMessage = (message: string) => {
    const [, verb, names = ""] = /^(Loading|Loaded|Failed to load) (.+)$/.exec(message) ?? [];
    if (verb === "Loading") {
      this.loading = names;
      this.expected = names.split(",").length;
      this.report(true);
    } else if (verb === "Loaded") {
      this.options.onProgress(`Loaded ${names} (${formatSize(this.received())})`);
    } else if (verb === "Failed to load") {
      this.failed = names.split(",").map((name) => name.trim());
    }
  };

  /**
   * A `fetch` for Pyodide. Package files are read here, counted as they arrive and checked
   * against the lock's hash: a fetch with `integrity` hands out its body only once all of it has
   * arrived, which would leave nothing to show progress with. Other URLs pass straight through.
   */
  readonly fetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(this.options.baseUrl)) return this.options.fetch(input, init);
    const fileName = decodeURIComponent(url.slice(this.options.baseUrl.length));
    const name = this.options.packageOf(fileName) ?? fileName;
    const { integrity, ...rest } = init ?? {};
    let response: Response;
    try {
      response = await this.options.fetch(input, rest);
    } catch (error) {
      this.failures.set(name, { reason: "it could not be downloaded", isUnreachable: false });
      throw error;
    }
    if (!response.ok || !response.body) {
      const answer = (await response.json().catch(() => null)) as { reason?: string } | null;
      this.failures.set(name, {
        reason: answer?.reason ?? `the server answered HTTP ${response.status}`,
        // The route answers 503 when the distribution itself cannot be reached.
        isUnreachable: response.status === 503,
      });
      return new Response(null, { status: response.status, statusText: response.statusText });
    }
    const file = { size: Number(response.headers.get(FILE_SIZE_HEADER)) || null, received: 0 };
    this.files.set(fileName, file);
    this.report(true);
    const bytes = await this.read(response.body, file).catch((error: unknown) => {
      this.failures.set(name, { reason: "its download broke off", isUnreachable: false });
      throw error;
    });
    if (integrity && !(await matches(bytes, integrity))) {
      this.failures.set(name, {
        reason: "the file does not match the lock file's checksum",
        isUnreachable: false,
      });
      throw new TypeError(`${fileName} does not match its integrity metadata.`);
    }
    return new Response(bytes, { status: response.status, headers: response.headers });
  };

  /**
   * What the cell's stderr says about the packages that failed: one line when the distribution
   * is unreachable, else one line per reason naming its packages.
   */
  problems(): string[] {
    if (this.failed.length === 0) return [];
    if ([...this.failures.values()].some((failure) => failure.isUnreachable)) return [MIRROR_UNREACHABLE];
    const byReason = new Map<string, string[]>();
    for (const name of this.failed) {
      const reason = this.failures.get(name)?.reason ?? "it could not be loaded";
      byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
    }
    return [...byReason].map(([reason, names]) =>
      names.length === 1
        ? `Package ${names[0]} is not available: ${reason}`
        : `Packages ${names.join(", ")} are not available: ${reason}`,
    );
  }

  private async read(body: ReadableStream<Uint8Array>, file: { received: number }) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) {
      chunks.push(chunk);
      file.received += chunk.byteLength;
      this.report(false);
    }
    this.report(true);
    const bytes = new Uint8Array(file.received);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }

  private received() {
    return [...this.files.values()].reduce((sum, file) => sum + file.received, 0);
  }

  /** "Loading pandas, numpy…", then "… 3.1 MB", then "… 3.1 MB of 14 MB" once every size is known. */
  private report(always: boolean) {
    const now = performance.now();
    if (!always && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    const sizes = [...this.files.values()].map((file) => file.size);
    const received = this.files.size ? ` ${formatSize(this.received())}` : "";
    const total =
      sizes.length === this.expected && sizes.every((size) => size !== null)
        ? ` of ${formatSize(sizes.reduce((sum: number, size) => sum + (size ?? 0), 0))}`
        : "";
    this.options.onProgress(`Loading ${this.loading}…${received}${total}`);
  }
}

/**
 * Subresource Integrity's check for the sha256 digests Pyodide passes (`sha256-<base64>` of the
 * lock's hash): does `bytes` have one of them? Like SRI, metadata naming no algorithm it knows
 * passes.
 */
async function matches(bytes: Uint8Array<ArrayBuffer>, integrity: string) {
  const expected = integrity
    .split(/\s+/)
    .filter((token) => token.startsWith("sha256-"))
    .map((token) => token.slice("sha256-".length).split("?")[0]);
  if (expected.length === 0) return true;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return expected.includes(btoa(String.fromCharCode(...digest)));
}
