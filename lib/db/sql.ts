import { createHash } from "node:crypto";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";
import { escapeLiteral } from "pg";
import { randomBytesPooled } from "../random";

/**
 * Plain SQL on the app's own connection (the pg pool Prisma uses, or the one PGlite instance), for the
 * few hot paths where Prisma's per-query work costs more than the database does: holding seats in a
 * flash sale is four short statements, and the query compiler would otherwise spend longer on them than
 * PostgreSQL. Parameters are always bound, never interpolated.
 *
 * Timestamps: Prisma keeps DateTime as UTC in `timestamp without time zone`; pass `toISOString()` strings
 * (a zone in the literal is ignored by that type) and never read a timestamp column back through here.
 */
export interface SqlResult<T = Record<string, unknown>> {
  rows: T[];
  rowCount: number;
}

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<T>>;
  /**
   * Statements run one after another, each seeing what those before it did and (READ COMMITTED) what
   * others committed before it began, so a lock taken by one is held when the next reads. Inside a
   * transaction on a server they travel in one round trip. Resolves to each statement's result.
   */
  batch(statements: Statement[]): Promise<SqlResult<unknown>[]>;
  /**
   * The transaction's last statements and its commit, in one round trip where the connection is a
   * server's: a row lock the statements take (the ticket type every order of a rush updates) is then held
   * for one round trip instead of two, with no wait for the app's event loop in between. Nothing may run
   * on this transaction afterwards. Where the commit is not this object's to make (outside a transaction,
   * in a Prisma transaction, on PGlite, whose transaction ends when its callback returns), the statements
   * simply run. Resolves to each statement's row count.
   */
  commitWith(statements: Statement[]): Promise<number[]>;
  /**
   * Statements whose answer the caller never reads: they either succeed or refuse (an error aborts the
   * transaction). In a transaction on a server they wait and travel with the transaction's next statements,
   * at the latest with its commit, so checks that only speak to refuse (`lango_refuse`, lib/db/refusal.ts)
   * cost no round trip of their own; an error they raise then comes from that later call. Elsewhere they
   * run now.
   */
  defer(statements: Statement[]): Promise<void>;
}

export interface Statement {
  text: string;
  params?: unknown[];
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
  const run = async <T>(client: pg.Pool | pg.PoolClient, text: string, values?: unknown[]): Promise<SqlResult<T>> => {
    const name = prepare ? statementName(text) : undefined;
    const r = await client.query(name ? { name, text, values } : { text, values });
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };
  return {
    ...oneByOne((text, params) => run(pool, text, params), { inTransaction: false }),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // BEGIN is sent with the transaction's first statements, and COMMIT may be sent with its last.
      let state = "new" as "new" | "open" | "committed";
      // A checked-out client has no pool listener: a connection dying mid-transaction (server restart,
      // failover) would otherwise be an uncaught 'error' that takes the process down.
      const onError = (err: Error) => (broken = err);
      client.on("error", onError);

      let deferred: Statement[] = [];

      const send = async (asked: Statement[], commit: boolean): Promise<SqlResult[]> => {
        if (state === "committed") throw new Error("This transaction was committed: nothing may run on it after.");
        const statements = [...deferred, ...asked];
        const skip = deferred.length;
        deferred = [];
        const lead = state === "new" ? ["BEGIN"] : [];
        const tail = commit ? ["COMMIT"] : [];
        // One statement alone in an open transaction goes prepared; several, or one with BEGIN or COMMIT,
        // go in one message of the simple query protocol, which takes no parameters: they are written into
        // the text as literals. A value that has no literal form here is sent the ordinary way.
        const texts =
          lead.length + statements.length + tail.length > 1
            ? ((prepare && (await executeAll(client, statements))) ?? inlineAll(statements))
            : null;
        if (!texts) {
          if (state === "new") await client.query("BEGIN");
          state = "open";
          const results: SqlResult[] = [];
          for (const st of statements) results.push(await run(client, st.text, st.params));
          if (commit) {
            state = "committed";
            await client.query("COMMIT");
          }
          return results.slice(skip);
        }
        state = commit ? "committed" : "open";
        const sent = (await client.query([...lead, ...texts, ...tail].join(";\n"))) as unknown as
          pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(sent) ? sent : [sent])
          .slice(lead.length + skip, lead.length + statements.length)
          .map((r) => ({ rows: r.rows, rowCount: r.rowCount ?? 0 }));
      };

      try {
        const result = await fn({
          query: async (text, params) => (await send([{ text, params }], false))[0] as never,
          batch: (statements) => send(statements, false),
          commitWith: async (statements) => (await send(statements, true)).map((r) => r.rowCount),
          defer: async (statements) => {
            if (state === "committed") throw new Error("This transaction was committed: nothing may run on it after.");
            deferred.push(...statements);
          },
        });
        if (deferred.length) await send([], true);
        else if (state === "open") await client.query("COMMIT");
        return result;
      } catch (err) {
        // A connection that cannot even roll back is not given back to the pool.
        if (state !== "new") await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    },
  };
}

export function pgliteSql(pglite: PGlite): SqlDatabase {
  const run = async <T>(db: PGlite | Transaction, text: string, params?: unknown[]): Promise<SqlResult<T>> => {
    const r = await db.query<T>(text, params);
    // Like pg's rowCount: rows changed by INSERT/UPDATE/DELETE, rows returned by a SELECT.
    return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
  };
  return {
    // In process, there is no round trip to save: a transaction commits when its callback returns.
    ...oneByOne((text, params) => run(pglite, text, params), { inTransaction: false }),
    // PGlite runs one transaction at a time; Prisma's adapter takes the same lock, so they never interleave.
    transaction: (fn) =>
      pglite.transaction((tx) => fn(oneByOne((text, params) => run(tx, text, params), { inTransaction: true }))),
  };
}

/**
 * An Sql whose batches are its statements one after another and whose commit is someone else's. In a
 * transaction (`inTransaction`), nothing may run after commitWith, as on PostgreSQL.
 */
function oneByOne(
  run: (text: string, params?: unknown[]) => Promise<SqlResult<never>>,
  { inTransaction }: { inTransaction: boolean },
): Sql {
  let committed = false;
  const query: Sql["query"] = (text, params) => {
    if (committed) throw new Error("This transaction was committed: nothing may run on it after.");
    return run(text, params);
  };
  const batch = async (statements: Statement[]) => {
    const results: SqlResult[] = [];
    for (const st of statements) results.push(await query(st.text, st.params));
    return results;
  };
  return {
    query,
    batch,
    async commitWith(statements) {
      const results = await batch(statements);
      committed = inTransaction;
      return results.map((r) => r.rowCount);
    },
    defer: async (statements) => void (await batch(statements)),
  };
}

/** Statements PREPARE accepts (not SET, LOCK and the like). */
const PREPARABLE = /^\s*(select|insert|update|delete|with|values)\b/i;
/** SQL-level prepared statements (PREPARE) on each connection, by name. */
const executable = new WeakMap<object, Set<string>>();

/**
 * Every statement as an EXECUTE of a statement prepared on this connection, its parameters written in as
 * literals: PostgreSQL then plans each once per connection, as it does a statement sent the ordinary way,
 * instead of parsing and planning it afresh in every message (0.5 ms of the database's time for the
 * order route's hold-limit count alone, ten times its execution). A statement is prepared (by SQL
 * PREPARE, which a rollback does not undo) the first time a connection meets it. Null when a value has no
 * literal form or the name cache is full: the statements are then written in whole.
 */
async function executeAll(client: pg.PoolClient, statements: Statement[]): Promise<string[] | null> {
  let calls: { name: string; call: string; text: string }[];
  try {
    calls = statements.map((st) => {
      // Anything PREPARE does not accept is written in whole.
      if (!PREPARABLE.test(st.text)) return { name: "", call: inlineParams(st.text, st.params ?? []), text: st.text };
      const prepared = statementName(st.text);
      if (!prepared) throw new NoLiteral("no name");
      // Not the name the driver prepares the statement under itself: the two would collide.
      const name = `${prepared}_x`;
      const args = (st.params ?? []).map((v, i) => literal(v, `$${i + 1}`));
      return { name, call: args.length ? `EXECUTE ${name}(${args.join(", ")})` : `EXECUTE ${name}`, text: st.text };
    });
  } catch (err) {
    if (err instanceof NoLiteral) return null;
    throw err;
  }
  let known = executable.get(client);
  if (!known) executable.set(client, (known = new Set()));
  for (const { name, text } of calls) {
    if (!name || known.has(name)) continue;
    await client.query(`PREPARE ${name} AS ${text}`);
    known.add(name);
  }
  return calls.map((c) => c.call);
}

/** Every statement's text with its parameters written in, or null if one has a value with no literal here. */
function inlineAll(statements: Statement[]): string[] | null {
  try {
    return statements.map((st) => inlineParams(st.text, st.params ?? []));
  } catch (err) {
    if (err instanceof NoLiteral) return null;
    throw err;
  }
}

class NoLiteral extends Error {}

/**
 * A statement's `$n` placeholders replaced by its parameters as SQL literals, for the simple query
 * protocol. Only the kinds of value the app binds are accepted; strings are quoted by pg's own escaping
 * (which doubles quotes and backslashes), numbers must be finite. The statement's text itself must not
 * contain `$n` anywhere but placeholders.
 */
export function inlineParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new Error(`No parameter for $${n}.`);
    return literal(params[index], `$${n}`);
  });
}

function literal(value: unknown, name: string): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new NoLiteral(`${name} is not a finite number.`);
    // In brackets when negative: written after a minus (`"n" -$1`), "-2" would begin a comment, "--2".
    return value < 0 ? `(${value})` : String(value);
  }
  // A NUL would end the query text early (the protocol's strings are NUL-terminated); bound, the database
  // refuses it as unstorable text, which the caller reports as bad input.
  if (typeof value === "string") {
    if (value.includes("\0")) throw new NoLiteral(`${name} contains a NUL.`);
    return escapeLiteral(value);
  }
  // An array of strings or numbers, for `$n::text[]` and the like; an empty one is typed by that cast.
  if (Array.isArray(value)) return value.length ? `ARRAY[${value.map((v) => literal(v, name)).join(",")}]` : "'{}'";
  throw new NoLiteral(`${name}: a ${typeof value} has no literal form here.`);
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
  // Prisma commits its own transaction.
  return oneByOne(
    async (text, params = []) => {
      if (/^\s*(select|with)\b|\breturning\b/i.test(text)) {
        const rows = await tx.$queryRawUnsafe<never[]>(text, ...params);
        return { rows, rowCount: rows.length };
      }
      return { rows: [], rowCount: await tx.$executeRawUnsafe(text, ...params) };
    },
    { inTransaction: true },
  );
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
  let random = "";
  for (const b of randomBytesPooled(ID_RANDOM_CHARS)) random += (b % 36).toString(36);
  return `c${now.toString(36).padStart(8, "0")}${idCounter.toString(36).padStart(4, "0")}${random}`;
}
