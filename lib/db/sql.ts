import { createHash } from "node:crypto";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * Plain SQL on the app's own connection (the pg pool Prisma uses, or the one PGlite instance), for the
 * few hot paths where Prisma's per-query work costs more than the database does: holding seats in a
 * flash sale is four short statements, and the query compiler would otherwise spend longer on them than
 * PostgreSQL. Parameters are always bound, never interpolated.
 *
 * Timestamps: Prisma keeps DateTime as UTC in `timestamp without time zone`; pass `toISOString()` strings
 * (a zone in the literal is ignored by that type) and never read a timestamp column back through here.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
}

export interface SqlDatabase extends Sql {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

/**
 * The name a statement is prepared under on each connection: PostgreSQL then parses and plans it once per
 * connection instead of on every call, and only the parameters cross the wire (the order insert alone is
 * 2 KB of SQL). Bounded, since a statement built with a variable number of placeholders would otherwise
 * leave one prepared statement per shape on every connection.
 */
const PREPARED_LIMIT = 200;
const preparedNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = preparedNames.get(text);
  if (known || preparedNames.size >= PREPARED_LIMIT) return known;
  const name = `lango_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
  preparedNames.set(text, name);
  return name;
}

/**
 * `prepare: false` for a connection pooler that cannot keep prepared statements across transactions
 * (PgBouncer before 1.21 in transaction mode): DATABASE_PREPARED_STATEMENTS=off.
 */
export function pgSql(pool: pg.Pool, { prepare = true }: { prepare?: boolean } = {}): SqlDatabase {
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, values?: unknown[]) => {
    const name = prepare ? statementName(text) : undefined;
    const r = await client.query(name ? { name, text, values } : { text, values });
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };
  return {
    query: (text, params) => run(pool, text, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A checked-out client has no pool listener: a connection dying mid-transaction (server restart,
      // failover) would otherwise be an uncaught 'error' that takes the process down.
      const onError = (err: Error) => (broken = err);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    },
  };
}

export function pgliteSql(pglite: PGlite): SqlDatabase {
  const run = async <T>(db: PGlite | Transaction, text: string, params?: unknown[]) => {
    const r = await db.query<T>(text, params);
    // Like pg's rowCount: rows changed by INSERT/UPDATE/DELETE, rows returned by a SELECT.
    return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
  };
  return {
    query: (text, params) => run(pglite, text, params),
    // PGlite runs one transaction at a time; Prisma's adapter takes the same lock, so they never interleave.
    transaction: (fn) => pglite.transaction((tx) => fn({ query: (text, params) => run(tx, text, params) })),
  };
}

/** What txSql needs of a Prisma client or interactive transaction. */
interface RawRunner {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/**
 * Plain SQL inside a Prisma transaction, so code that runs both in the plain-SQL hot path and in a
 * Prisma transaction (stock changes) is written once. Prisma reports either rows or a count, never both:
 * a statement that returns rows (a SELECT, WITH or RETURNING) gets its rows and their number, any other
 * gets the number of rows it changed, which is what pg's rowCount says for both.
 */
export function txSql(tx: RawRunner): Sql {
  return {
    async query<T>(text: string, params: unknown[] = []) {
      if (/^\s*(select|with)\b|\breturning\b/i.test(text)) {
        const rows = await tx.$queryRawUnsafe<T[]>(text, ...params);
        return { rows, rowCount: rows.length };
      }
      return { rows: [], rowCount: await tx.$executeRawUnsafe(text, ...params) };
    },
  };
}

// On globalThis: Next bundles this module into several chunks (instrumentation, each route), and they
// must all see the connection openDatabase registered.
const globalForSql = globalThis as unknown as { __langoSql?: WeakMap<object, SqlDatabase> };
const registry = (globalForSql.__langoSql ??= new WeakMap());

/** Ties a Prisma client to plain SQL on the same connection (done by openDatabase). */
export function registerSql(client: object, sql: SqlDatabase) {
  registry.set(client, sql);
}

/** Plain SQL on the same database as this Prisma client. */
export function sqlOf(client: object): SqlDatabase {
  const sql = registry.get(client);
  if (!sql) throw new Error("This database client was not opened by openDatabase, so it has no SQL connection.");
  return sql;
}

const ID_RANDOM_CHARS = 12;
let idCounter = 0;

/**
 * A row id like Prisma's cuid(): a "c", the time, a per-process counter and randomness, all base 36,
 * so ids made one after another sort in the order they were made (order lines are shown by id).
 */
export function newRowId(now = Date.now()): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const random = Array.from(crypto.getRandomValues(new Uint8Array(ID_RANDOM_CHARS)), (b) => (b % 36).toString(36)).join(
    "",
  );
  return `c${now.toString(36).padStart(8, "0")}${idCounter.toString(36).padStart(4, "0")}${random}`;
}
