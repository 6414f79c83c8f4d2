import { defineConfig } from "prisma/config";

// Used by `prisma generate` only, which needs no database. Migrations run through
// server/postgres/schema-engine.ts (the CLI's migrate commands need a download this setup avoids).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
