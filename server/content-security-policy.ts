/**
 * The Content Security Policies proxy.ts sets: one for the app's pages, one for the Python worker.
 * Together they keep model-written content and cell code on this origin: nothing loads from or
 * connects to another host, and cell code cannot call the app's API with the user's cookie.
 */

import "server-only";

type Policy = Record<string, string[]>;

const serialize = (policy: Policy) =>
  Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(" "))
    .join("; ");

type PagePolicyOptions = {
  /** Fresh for every request: Next puts it on its own scripts (it reads it from this policy). */
  nonce: string;
  /** `'sha256-…'` of the inline scripts the app writes itself. */
  scriptHashes: string[];
  /** React's development build evaluates strings to rebuild server stacks; production never does. */
  isDev: boolean;
};

/**
 * The page's policy. Model-written Markdown, HTML and charts render here, so images may come only
 * from this origin, `data:` and `blob:` (a remote image would carry data out in its URL), and
 * nothing connects elsewhere. Styles allow 'unsafe-inline': server-rendered `style` attributes,
 * CodeMirror's and vega-embed's `<style>` elements need it, and a style can neither run code nor
 * load anything these directives forbid (images, fonts and imports have their own).
 */
export function pagePolicy({ nonce, scriptHashes, isDev }: PagePolicyOptions) {
  return serialize({
    "default-src": ["'self'"],
    // 'strict-dynamic': what a nonced script loads (Next's chunks) is trusted in turn.
    "script-src": [
      "'self'",
      `'nonce-${nonce}'`,
      ...scriptHashes,
      "'strict-dynamic'",
      ...(isDev ? ["'unsafe-eval'"] : []),
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  });
}

/**
 * A shared session's page (`/s/<token>`), seen by anyone with the link, signed in to Ada or not.
 * It needs nothing but its own scripts and what it renders: it connects nowhere (no API, so a
 * model-written output cannot act as the viewer), starts no worker and submits no form.
 */
export function sharePagePolicy({ nonce, isDev }: Omit<PagePolicyOptions, "scriptHashes">) {
  return serialize({
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    // Development's hot reload talks to the dev server; a production page fetches nothing.
    "connect-src": isDev ? ["'self'"] : ["'none'"],
    "worker-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
  });
}

type WorkerPolicyOptions = {
  /** The `Host` the browser asked for; a path can only be named with a host before it. */
  host: string | null;
  /** Path prefixes of the Python runtime (imported and fetched) and of the package files (fetched). */
  runtimePath: string;
  packagesPath: string;
};

/** A host, with an optional port: what a CSP source may start with (else no source is named). */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The Python worker's policy, sent with its script (a module worker takes its policy from its own
 * response). Cell code runs in this worker with the user's cookie at hand, so it may reach only
 * the runtime's files and the package route, which need no session: not the API, not another
 * origin, whether by fetch, XHR, WebSocket, EventSource or beacon; no strings run as JavaScript
 * and no nested workers start. Pyodide compiles WebAssembly, hence 'wasm-unsafe-eval'. Sources
 * name no scheme, so they match the page's own (http locally, https behind a load balancer that
 * terminates TLS).
 */
export function pythonWorkerPolicy({ host, runtimePath, packagesPath }: WorkerPolicyOptions) {
  const own = (path: string) => (host && HOST.test(host) ? [`${host}${path}`] : []);
  const orNone = (sources: string[]) => (sources.length ? sources : ["'none'"]);
  return serialize({
    "default-src": ["'none'"],
    "script-src": [...own(runtimePath), "'wasm-unsafe-eval'"],
    "connect-src": orNone([...own(runtimePath), ...own(packagesPath)]),
    "worker-src": ["'none'"],
  });
}
