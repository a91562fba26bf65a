import { Prisma } from "./generated/client";

/**
 * Whether a database error is a unique-constraint violation. Prisma reports it as P2002 through the
 * pg adapter, but the PGlite adapter surfaces the raw driver error (SQLSTATE 23505), so both are checked.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === "P2002";
  const e = err as {
    name?: string;
    code?: string;
    cause?: { code?: string; originalCode?: string; kind?: string };
    message?: string;
  } | null;
  if (!e) return false;
  // Plain SQL (lib/db/sql.ts): pg's and PGlite's own errors carry the SQLSTATE.
  if (e.code === "23505") return true;
  if (e.cause?.code === "23505" || e.cause?.originalCode === "23505" || e.cause?.kind === "UniqueConstraintViolation")
    return true;
  return e.name === "DriverAdapterError" && /duplicate key value violates unique constraint/.test(e.message ?? "");
}

/**
 * Whether the database refused a text value it cannot store (a NUL byte, or bytes that are not UTF-8;
 * SQLSTATE 22021 or 22P05). Such values only come from a caller's input, so they are the caller's
 * mistake, not a server error.
 */
export function isUnstorableText(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string; originalCode?: string }; message?: string } | null;
  if (!e) return false;
  const code = e.cause?.originalCode ?? e.cause?.code ?? e.code;
  if (code === "22021" || code === "22P05") return true;
  return /invalid byte sequence for encoding|unsupported Unicode escape sequence|untranslatable character/i.test(
    e.message ?? "",
  );
}
