import type { Statement } from "./sql";

/** The SQLSTATE `lango_refuse` raises (migration 0019). */
const REFUSED = "LG001";

/**
 * A statement that aborts its transaction with `reason` when its query returns a row, and does nothing
 * otherwise: a check the app need not wait for (Sql.defer), since it only speaks to refuse. `query` is a
 * SELECT whose row, if any, means the rule is broken; only its existence matters.
 */
export function refuseIf(reason: string, query: string, params: unknown[] = []): Statement {
  if (!/^[a-z_]+$/.test(reason)) throw new Error(`A refusal reason is a code, not "${reason}".`);
  return { text: `SELECT lango_refuse('${reason}') FROM (${query}) AS "broken" LIMIT 1`, params };
}

/** The reason a `refuseIf` statement refused with, or null if `err` is any other error. */
export function refusalOf(err: unknown): string | null {
  const e = err as {
    code?: string;
    message?: string;
    cause?: { code?: string; originalCode?: string; message?: string };
  } | null;
  if (e?.code === REFUSED) return e.message ?? null;
  if (e?.cause?.originalCode === REFUSED || e?.cause?.code === REFUSED) return e.cause.message ?? e.message ?? null;
  return null;
}
