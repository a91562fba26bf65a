import path from "node:path";

export type DatabaseTarget = { kind: "pglite"; dataDir: string | null } | { kind: "postgres"; url: string };

/**
 * DATABASE_URL unset → embedded PostgreSQL (PGlite) under .data/ (PGLITE_DIR overrides the folder);
 * a postgres:// URL → that server. Anything else is a configuration mistake worth stopping for.
 */
export function resolveDatabaseTarget(env: Record<string, string | undefined> = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (!url) {
    // Resolved at run time against the working directory; the bundler must not trace it.
    return {
      kind: "pglite",
      dataDir: path.resolve(/* turbopackIgnore: true */ process.cwd(), env.PGLITE_DIR?.trim() || ".data/pglite"),
    };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: "postgres", url };
  throw new Error(
    `DATABASE_URL must be a postgres:// or postgresql:// URL (got "${url.split(":")[0]}:…"). ` +
      "Leave it unset to use the embedded database in .data/.",
  );
}
