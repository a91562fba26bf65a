import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { applyMigrations, readMigrations, type Migration, type SqlRunner } from "@/lib/db/migrate";

type TestDatabaseKind = "pglite" | "postgres";

/**
 * The databases the database tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set.
 * TEST_DATABASES=postgres (or pglite) narrows that to one, for runs that repeat the same files many times
 * (mutation testing: a PostgreSQL database is cloned from its template in a fraction of PGlite's start-up).
 */
export function selectTestDatabases(env: Record<string, string | undefined> = process.env): TestDatabaseKind[] {
  const available: TestDatabaseKind[] = ["pglite", ...(env.TEST_DATABASE_URL ? (["postgres"] as const) : [])];
  const wanted = env.TEST_DATABASES?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!wanted?.length) return available;
  const unknown = wanted.filter((w) => !available.includes(w as TestDatabaseKind));
  if (unknown.length) {
    throw new Error(
      `TEST_DATABASES names ${unknown.join(", ")}, but only ${available.join(", ")} can run here` +
        (env.TEST_DATABASE_URL ? "" : " (set TEST_DATABASE_URL for postgres)"),
    );
  }
  return available.filter((kind) => wanted.includes(kind));
}

export const testDatabases = selectTestDatabases();

/**
 * What a migrated empty database depends on: every migration's name and checksum, and the PGlite release
 * (its data directory format). A changed, added or removed migration gives a new key, so a new snapshot.
 */
export function migratedSchemaKey(migrations: Migration[] = readMigrations()): string {
  const pgliteEntry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const pgliteVersion = JSON.parse(
    fs.readFileSync(path.join(path.dirname(pgliteEntry), "..", "package.json"), "utf8"),
  ).version;
  const applied = migrations.map((m) => [m.name, m.checksum]);
  return createHash("sha256")
    .update(JSON.stringify({ pgliteVersion, migrations: applied }))
    .digest("hex")
    .slice(0, 16);
}

let pgliteSnapshot: Promise<Blob> | undefined;

/**
 * A migrated, empty PGlite data directory as an archive, made once per set of migrations and kept in the
 * system's temp folder, so each test file loads it (about 2 s) instead of running initdb and 17 migrations
 * (about 4-5 s, twice that on a busy machine). Several test workers may make it at once: each writes its own
 * temp file and renames it into place, which is atomic, so a reader never sees half a file.
 */
function migratedPgliteSnapshot(): Promise<Blob> {
  pgliteSnapshot ??= (async () => {
    const file = path.join(os.tmpdir(), `lango-test-pglite-${migratedSchemaKey()}.tar`);
    if (fs.existsSync(file)) return new Blob([await fs.promises.readFile(file)]);
    const pglite = new PGlite();
    try {
      await applyMigrations(pglite as SqlRunner);
      const archive = await pglite.dumpDataDir("none");
      const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      await fs.promises.writeFile(temp, Buffer.from(await archive.arrayBuffer()));
      await fs.promises.rename(temp, file);
      return archive;
    } finally {
      await pglite.close();
    }
  })().catch((err) => {
    pgliteSnapshot = undefined;
    throw err;
  });
  return pgliteSnapshot;
}

/**
 * The name of a migrated, empty template database on the test server, made once per set of migrations
 * (migrated under a temporary name, then renamed, so racing workers never clone a half-migrated one).
 * Templates of other migration sets (other branches sharing the server) are left alone.
 */
async function migratedPostgresTemplate(admin: pg.Client, serverUrl: URL): Promise<string> {
  const name = `lango_tpl_${migratedSchemaKey()}`;
  const exists = async () => (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount;
  if (await exists()) return name;
  const temp = `lango_tpl_tmp_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${temp}`);
  const url = new URL(serverUrl);
  url.pathname = `/${temp}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await applyMigrations({
      exec: (sql) => client.query(sql),
      query: (sql, params) => client.query(sql, params) as never,
    });
  } finally {
    await client.end();
  }
  try {
    await admin.query(`ALTER DATABASE ${temp} RENAME TO ${name}`);
  } catch (err) {
    await admin.query(`DROP DATABASE IF EXISTS ${temp} WITH (FORCE)`);
    // Another worker renamed its template into place first: use that one.
    if (!(await exists())) throw err;
  }
  return name;
}

/** A fresh, migrated, empty database: in-memory PGlite, or a new database on the test server. */
export async function createTestDatabase(kind: "pglite" | "postgres"): Promise<Database> {
  if (kind === "pglite") {
    // migrate: true finds every migration applied (a cheap check of the snapshot against the migrations).
    return openDatabase({ kind: "pglite", dataDir: null }, { pgliteSnapshot: await migratedPgliteSnapshot() });
  }
  const serverUrl = new URL(process.env.TEST_DATABASE_URL!);
  const name = `lango_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  try {
    const template = await migratedPostgresTemplate(admin, serverUrl);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString() });
  return {
    ...db,
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: serverUrl.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Runs the suite once per test database, each with its own fresh database (named in the test
 * output, so a log shows which databases were exercised).
 */
export function describeEachDatabase(name: string, suite: (db: () => Database) => void) {
  for (const kind of testDatabases) {
    describe(`${name} [${kind}]`, () => {
      let database: Database;
      beforeAll(async () => {
        database = await createTestDatabase(kind);
      }, 120_000);
      afterAll(async () => {
        await database?.close();
      });
      suite(() => database);
    });
  }
}
