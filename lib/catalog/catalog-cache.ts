import { invalidatePages } from "../http/page-cache";

/**
 * What an event is (its name, ticket types, prices, booths' places) changes a few times a day, from the
 * admin; during an on-sale rush it is read thousands of times a second. It is kept here for CATALOG_TTL_MS
 * per process, read once by however many requests ask at the same moment; seats left, sold out and booth
 * status are never kept (lib/catalog/events.ts reads them live). The admin's edits invalidate it (catalogChange),
 * so this process shows them at once; other processes within CATALOG_TTL_MS.
 */
export const CATALOG_TTL_MS = 1_000;

interface Memo {
  value: Promise<unknown>;
  at: number;
}

// Per database handle: the tests open several databases in one process, and an id from one is unknown
// to the other.
const g = globalThis as unknown as { __langoCatalog?: { byDb: WeakMap<object, Map<string, Memo>> } };
function memoOf(db: object): Map<string, Memo> {
  const s = (g.__langoCatalog ??= { byDb: new WeakMap() });
  let memo = s.byDb.get(db);
  if (!memo) s.byDb.set(db, (memo = new Map()));
  return memo;
}

export function cachedCatalog<T>(db: object, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const memo = memoOf(db);
  const hit = memo.get(key);
  if (hit && now - hit.at < CATALOG_TTL_MS) return hit.value as Promise<T>;
  const value = load();
  memo.set(key, { value, at: now });
  // A failed read is not remembered. (An edit clears the map, so a read it overtook is dropped with it.)
  value.catch(() => {
    if (memo.get(key)?.value === value) memo.delete(key);
  });
  return value;
}

/**
 * Wraps the transaction of every change to an event, its ticket types, prices, halls or booths
 * (lib/admin/events.ts, lib/admin/booths.ts): once it has committed (or failed), this process forgets
 * what it had cached, so the next read and the next page view show the change.
 */
export function catalogChange<T>(work: Promise<T>): Promise<T> {
  return work.finally(invalidateCatalog);
}

/**
 * Drops every cached catalogue read and page copy of this process.
 */
export function invalidateCatalog(): void {
  g.__langoCatalog = { byDb: new WeakMap() };
  invalidatePages();
}
