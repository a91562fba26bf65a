import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { resolveDatabaseTarget, type DatabaseTarget } from "./config";
import { PrismaClient } from "./generated/client";
import { applyMigrations, type SqlRunner } from "./migrate";
import { acquireDataDirLock } from "./pglite-lock";
import { seedOnFirstStart } from "./seed";
import { pgliteSql, pgSql, registerSql } from "./sql";

import type { Db } from "./handle";

export type { Db, DbTx } from "./handle";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseTarget["kind"];
  close(): Promise<void>;
}

export interface OpenOptions {
  migrate?: boolean;
  log?: (line: string) => void;
  /**
   * In-memory PGlite only: start from this data-directory archive (PGlite's `dumpDataDir()`) instead of an
   * empty cluster. The tests use a migrated snapshot, so each test file skips initdb and the migrations.
   */
  pgliteSnapshot?: Blob;
}

/** Opens the database, applies pending migrations, and returns a Prisma client on it. */
export async function openDatabase(target: DatabaseTarget, opts: OpenOptions = {}): Promise<Database> {
  const { migrate = true, log = () => {}, pgliteSnapshot } = opts;
  if (target.kind === "pglite") {
    const release = target.dataDir ? acquireDataDirLock(target.dataDir) : () => {};
    try {
      if (target.dataDir && pgliteSnapshot) throw new Error("A PGlite snapshot opens in memory only, not in a folder.");
      const pglite = target.dataDir
        ? new PGlite(target.dataDir)
        : new PGlite(pgliteSnapshot ? { loadDataDir: pgliteSnapshot } : {});
      await pglite.waitReady;
      if (migrate) await applyMigrations(pglite as SqlRunner, undefined, log);
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
      registerSql(prisma, pgliteSql(pglite));
      return {
        prisma,
        kind: "pglite",
        async close() {
          await prisma.$disconnect();
          await pglite.close();
          release();
        },
      };
    } catch (err) {
      release();
      throw err;
    }
  }
  if (migrate) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const runner: SqlRunner = {
        exec: (sql) => client.query(sql),
        query: (sql, params) => client.query(sql, params) as never,
      };
      await applyMigrations(runner, undefined, log);
    } finally {
      await client.end();
    }
  }
  // One pool for Prisma and for the plain-SQL hot paths (lib/db/sql.ts), so DATABASE_POOL_SIZE is the whole budget.
  const pool = new pg.Pool({
    connectionString: target.url,
    max: Number(process.env.DATABASE_POOL_SIZE) || 10,
    // Waiting longer than this for a free connection means overload: fail the request, do not queue forever.
    connectionTimeoutMillis: 30_000,
    // Column defaults (CURRENT_TIMESTAMP) in UTC like every value Prisma writes, whatever the server's zone;
    // a transaction left idle (a stuck request) gives its row locks back instead of blocking sales.
    options: "-c TimeZone=UTC -c idle_in_transaction_session_timeout=60000",
  });
  // An idle connection the server drops (restart, failover) must not take the process down with it.
  pool.on("error", (err) => console.warn(`[db] idle connection lost: ${err.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  registerSql(
    prisma,
    pgSql(pool, { prepare: process.env.DATABASE_PREPARED_STATEMENTS?.trim().toLowerCase() !== "off" }),
  );
  return {
    prisma,
    kind: "postgres",
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const globalForDb = globalThis as unknown as { __langoDb?: Promise<Database> };

/**
 * The app's database, opened once per process (kept on globalThis so hot reloads reuse it), migrated
 * and seeded before first use.
 */
export function getDatabase(): Promise<Database> {
  globalForDb.__langoDb ??= (async () => {
    const db = await openDatabase(resolveDatabaseTarget(), { log: (l) => console.info(`[db] ${l}`) });
    await seedOnFirstStart(db.prisma, process.env, (l) => console.info(`[seed] ${l}`));
    return db;
  })().catch((err) => {
    globalForDb.__langoDb = undefined;
    throw err;
  });
  return globalForDb.__langoDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).prisma;
}

/** Makes the app's routes use a database opened elsewhere (tests drive route handlers on their own database). */
export function useDatabase(db: Database) {
  globalForDb.__langoDb = Promise.resolve(db);
}
