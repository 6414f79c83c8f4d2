import { createHash } from "node:crypto";
import lock from "pyodide/pyodide-lock.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { MIRROR_UNREACHABLE, PACKAGES_PATH, PackageDownloads, packagesUrl } from "./package-loading.ts";

const WORKER_URL = "http://127.0.0.1:3210/python-worker.mjs";
const base = packagesUrl(WORKER_URL);
const files = {
  "python_dateutil-2.9.0.post0-py2.py3-none-any.whl": new Uint8Array(230_000).fill(1),
  "six-1.17.0-py2.py3-none-any.whl": new Uint8Array(11_000).fill(2),
};
type FileName = keyof typeof files;
const packageOf = (fileName: string) =>
  Object.values(lock.packages).find((entry) => entry.file_name === fileName)?.name;
/** What Pyodide passes as `integrity`: the lock's sha256, base64-encoded. */
const integrityOf = (bytes: Uint8Array) => `sha256-${createHash("sha256").update(bytes).digest("base64")}`;

/** The answer of /api/python-packages/ (the browser's fetch): a file in chunks, or an error. */
type Answer =
  | { file: FileName; breaksOff?: boolean }
  | { status: number; reason?: string }
  | { networkError: true };

function downloadsWith(answers: Record<string, Answer>) {
  const progress: string[] = [];
  const requests: { url: string; init?: RequestInit }[] = [];
  const browserFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    requests.push({ url, init });
    const answer = answers[url.slice(base.length)];
    if (!answer) return new Response("elsewhere");
    if ("networkError" in answer) throw new TypeError("Failed to fetch");
    if ("status" in answer) {
      const error = `Package x is not available: ${answer.reason}`;
      return Response.json(answer.reason ? { error, reason: answer.reason } : { error }, answer);
    }
    const bytes = files[answer.file];
    const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000)];
    const body = new ReadableStream({
      pull(controller) {
        const chunk = chunks.shift();
        if (answer.breaksOff && !chunks.length) controller.error(new TypeError("network error"));
        else if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    return new Response(body, { headers: { "x-file-size": String(bytes.length) } });
  };
  const downloads = new PackageDownloads({
    baseUrl: base,
    packageOf,
    fetch: browserFetch as typeof fetch,
    onProgress: (message) => progress.push(message),
  });
  return { downloads, progress, requests };
}

/** What Pyodide's loadPackage does with our callbacks: log, fetch every file at once, log. */
async function load(downloads: PackageDownloads, names: string, fileNames: string[]) {
  downloads.onMessage(`Loading ${names}`);
  const results = await Promise.allSettled(
    fileNames.map(async (fileName) => {
      const bytes = files[fileName as FileName] ?? new Uint8Array();
      const response = await downloads.fetch(`${base}${fileName}`, { integrity: integrityOf(bytes) });
      if (!response.ok) throw new Error(`Failed to load '${fileName}': request failed.`);
      return new Uint8Array(await response.arrayBuffer());
    }),
  );
  const loaded = results.flatMap((result, at) => (result.status === "fulfilled" ? [fileNames[at]] : []));
  const failed = fileNames.filter((name) => !loaded.includes(name)).map((name) => packageOf(name) ?? name);
  if (loaded.length) downloads.onMessage(`Loaded ${loaded.map((name) => packageOf(name ?? "")).join(", ")}`);
  if (failed.length) downloads.onMessage(`Failed to load ${failed.join(", ")}`);
  return results;
}

describe("packagesUrl", () => {
  it("is absolute, so that Pyodide can resolve every file of the lock under the route", () => {
    expect(base).toBe("http://127.0.0.1:3210/api/python-packages/");
    for (const { file_name } of Object.values(lock.packages)) {
      expect(new URL(file_name, base).href).toBe(`${base}${file_name}`);
    }
    // What the worker passed before: Pyodide's `new URL(file_name, packageBaseUrl)` throws on it.
    expect(() => new URL(lock.packages.six.file_name, PACKAGES_PATH)).toThrow(TypeError);
  });
});

describe("PackageDownloads", () => {
  it("shows what loads and how much has arrived, and hands Pyodide the checked bytes", async () => {
    const { downloads, progress, requests } = downloadsWith({
      "python_dateutil-2.9.0.post0-py2.py3-none-any.whl": {
        file: "python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
      },
      "six-1.17.0-py2.py3-none-any.whl": { file: "six-1.17.0-py2.py3-none-any.whl" },
    });
    const results = await load(downloads, "python-dateutil, six", Object.keys(files));

    expect(results.map((result) => result.status === "fulfilled" && result.value)).toEqual(
      Object.values(files),
    );
    expect(progress[0]).toBe("Loading python-dateutil, six…");
    expect(progress).toContain("Loading python-dateutil, six… 241 kB of 241 kB");
    expect(progress.at(-1)).toBe("Loaded python-dateutil, six (241 kB)");
    expect(downloads.problems()).toEqual([]);
    // The bytes are checked here, so that the browser streams them instead of holding them back.
    expect(requests.map(({ init }) => init?.integrity)).toEqual([undefined, undefined]);
  });

  it("refuses a file that does not match the lock's hash", async () => {
    const { downloads } = downloadsWith({
      "six-1.17.0-py2.py3-none-any.whl": { file: "six-1.17.0-py2.py3-none-any.whl" },
    });
    downloads.onMessage("Loading six");
    await expect(
      downloads.fetch(`${base}six-1.17.0-py2.py3-none-any.whl`, {
        integrity: integrityOf(new Uint8Array([1])),
      }),
    ).rejects.toThrow(TypeError);
    downloads.onMessage("Failed to load six");
    expect(downloads.problems()).toEqual([
      "Package six is not available: the file does not match the lock file's checksum",
    ]);
  });

  it("says in one line that the mirror cannot be reached, however many packages failed", async () => {
    const { downloads } = downloadsWith({
      "python_dateutil-2.9.0.post0-py2.py3-none-any.whl": { status: 503, reason: "cannot reach 127.0.0.1:9" },
      "six-1.17.0-py2.py3-none-any.whl": { status: 503, reason: "cannot reach 127.0.0.1:9" },
    });
    await load(downloads, "python-dateutil, six", Object.keys(files));
    expect(downloads.problems()).toEqual([MIRROR_UNREACHABLE]);
  });

  it("names the packages that failed, one line per reason", async () => {
    const missing = { status: 502, reason: "127.0.0.1:3213 answered HTTP 404" };
    const { downloads } = downloadsWith({
      [lock.packages.numpy.file_name]: missing,
      [lock.packages.pandas.file_name]: missing,
      [lock.packages.pytz.file_name]: { networkError: true },
      "python_dateutil-2.9.0.post0-py2.py3-none-any.whl": {
        file: "python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
        breaksOff: true,
      },
      "six-1.17.0-py2.py3-none-any.whl": { status: 500 },
    });
    const names = [lock.packages.numpy, lock.packages.pandas, lock.packages.pytz];
    await load(downloads, "numpy, pandas, python-dateutil, pytz, six", [
      ...names.map((entry) => entry.file_name),
      "python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
      "six-1.17.0-py2.py3-none-any.whl",
    ]);
    expect(downloads.problems()).toEqual([
      "Packages numpy, pandas are not available: 127.0.0.1:3213 answered HTTP 404",
      "Package pytz is not available: it could not be downloaded",
      "Package python-dateutil is not available: its download broke off",
      "Package six is not available: the server answered HTTP 500",
    ]);
  });

  it("leaves other requests alone", async () => {
    const { downloads, progress, requests } = downloadsWith({});
    const init = { integrity: "sha256-abc" };
    const response = await downloads.fetch("http://127.0.0.1:3210/pyodide/314.0.7/python_stdlib.zip", init);
    expect(await response.text()).toBe("elsewhere");
    expect(requests).toEqual([{ url: "http://127.0.0.1:3210/pyodide/314.0.7/python_stdlib.zip", init }]);
    expect(progress).toEqual([]);
  });
});
