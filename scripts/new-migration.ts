/**
 * `npm run db:new-migration -- <name>`: writes prisma/migrations/<NNNN_name>/migration.sql with the SQL
 * that takes the database the migrations build to what prisma/schema.prisma describes. Offline: the
 * migrations are applied to a scratch PGlite, and Prisma's `migrate diff` compares it with the schema.
 */
import { PGlite } from "@electric-sql/pglite";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations, MIGRATIONS_DIR, readMigrations, type SqlRunner } from "../lib/db/migrate";

const name = process.argv[2]?.replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const existing = readMigrations();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lango-migrate-"));
const dataDir = path.join(scratch, "db");
try {
  const pg = new PGlite(dataDir);
  await applyMigrations(pg as SqlRunner, existing);
  await pg.close();
  // The adapter-driven CLI cannot diff a live database directly: introspect it into a datamodel first.
  const current = execFileSync("npx", ["prisma", "db", "pull", "--print"], {
    encoding: "utf8",
    env: { ...process.env, PRISMA_PGLITE_DIR: dataDir },
  });
  const currentSchema = path.join(scratch, "current.prisma");
  // The CLI prints warnings before the schema; keep from the first schema line on.
  fs.writeFileSync(currentSchema, current.slice(Math.max(0, current.search(/^(\/\/|generator |datasource )/m))));
  const sql = execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--from-schema-datamodel",
      currentSchema,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    { encoding: "utf8" },
  )
    // The runner's own bookkeeping table is not part of the datamodel.
    .replace(/-- DropTable\s*\nDROP TABLE "_lango_migrations";\s*/g, "")
    .trim();
  if (!sql || /^-- This is an empty migration\.?$/.test(sql)) {
    console.log("schema.prisma matches the migrations: nothing to write");
  } else {
    const dir = path.join(MIGRATIONS_DIR, `${String(existing.length + 1).padStart(4, "0")}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
    console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it, then commit it with the schema`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
