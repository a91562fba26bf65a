// The Prisma CLI is only used here to generate the client and to write migration SQL (`migrate diff`).
// Migrations are applied by lib/db/migrate.ts. The JS engine + a driver adapter keep the CLI offline.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  // scripts/new-migration.ts points this at a scratch database holding the current migrations.
  adapter: async () =>
    new PrismaPGlite(process.env.PRISMA_PGLITE_DIR ? new PGlite(process.env.PRISMA_PGLITE_DIR) : new PGlite()),
});
