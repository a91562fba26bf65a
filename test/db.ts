import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";

/** The databases the database tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testDatabases: ("pglite" | "postgres")[] = [
  "pglite",
  ...(process.env.TEST_DATABASE_URL ? (["postgres"] as const) : []),
];

/** A fresh, migrated, empty database: in-memory PGlite, or a new database on the test server. */
export async function createTestDatabase(kind: "pglite" | "postgres"): Promise<Database> {
  if (kind === "pglite") return openDatabase({ kind: "pglite", dataDir: null });
  const serverUrl = new URL(process.env.TEST_DATABASE_URL!);
  const name = `lango_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
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
