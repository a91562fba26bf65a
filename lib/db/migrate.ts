import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What the migration runner needs from a connection: PGlite and node-postgres both fit. */
export interface SqlRunner {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = path.resolve(/* turbopackIgnore: true */ process.cwd(), "prisma/migrations");

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Arbitrary constant: serialises migration runs of several app instances on one PostgreSQL server.
const ADVISORY_LOCK_ID = 4_172_093_311;

/**
 * Applies pending migrations from prisma/migrations in name order, each in its own transaction, and
 * records them. A migration that was edited after being applied is refused: schema history is append-only.
 * (Prisma's own `migrate deploy` cannot run offline against a server here; see toolchain notes.)
 */
export async function applyMigrations(
  runner: SqlRunner,
  migrations = readMigrations(),
  log: (line: string) => void = () => {},
): Promise<string[]> {
  await runner.exec(`CREATE TABLE IF NOT EXISTS "_lango_migrations" (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  await runner.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
  try {
    const { rows } = await runner.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM "_lango_migrations"`,
    );
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const m of migrations) {
      const previous = applied.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied. Add a new migration instead of editing it.`,
          );
        }
        continue;
      }
      log(`applying migration ${m.name}`);
      await runner.exec("BEGIN");
      await runner.exec(m.sql);
      await runner.query(`INSERT INTO "_lango_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
      await runner.exec("COMMIT");
      done.push(m.name);
    }
    return done;
  } catch (err) {
    await runner.exec("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await runner.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_ID]);
  }
}
