import { invalidatePages } from "../http/page-cache";

/**
 * What an event is (its name, ticket types, prices, booths' places) changes a few times a day, from the
 * admin; during an on-sale rush it is read thousands of times a second. It is kept here for CATALOG_TTL_MS
 * per process, read once by however many requests ask at the same moment; seats left, sold out and booth
 * status are never kept (lib/catalog/events.ts reads them live). The admin's edits invalidate it (catalogChange),
 * so this process shows them at once; other processes within CATALOG_TTL_MS.
 */
export const CATALOG_TTL_MS = 1_000;

/**
 * The most reads kept per database handle. Keys name events, and a process sells a few dozen at a time,
 * each under a handful of keys (event, orderable, questions per language, hold release): far below this.
 * The cap is there for keys a visitor chose, so that no sequence of requests can grow the heap without end.
 */
export const CATALOG_MAX_ENTRIES = 1_000;

/**
 * The most "no such event" answers kept, apart from the reads above: a flood of made-up slugs must not push
 * out the events on sale, yet an unknown slug asked thousands of times a second (a link shared before the
 * event is published) is still read once per CATALOG_TTL_MS, not once per request.
 */
export const CATALOG_MAX_MISSES = 100;

/**
 * The longest slug and the only shape the admin can save (lib/admin/event-schemas.ts; catalog-cache.test.ts
 * keeps the two in step). Copied, not imported: proxy.ts reaches this module, and the admin's schemas would
 * bring zod and the money and date helpers into its bundle.
 */
export const EVENT_SLUG_MAX_LENGTH = 80;
const EVENT_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** False for a slug no event can have: answer "not found" without reading, or keeping, anything. */
export function couldBeEventSlug(slug: string): boolean {
  // Length first: the pattern is linear, but a 2 KB slug need not be scanned at all.
  return slug.length <= EVENT_SLUG_MAX_LENGTH && EVENT_SLUG.test(slug);
}

interface Memo {
  value: Promise<unknown>;
  at: number;
}

/**
 * Insertion order is load order (a key read again is moved to the end), so the oldest entries, the first
 * to expire, are at the front: an insert drops them from there, never scanning the live ones.
 */
interface Memos {
  kept: Map<string, Memo>;
  missed: Map<string, Memo>;
}

// Per database handle: the tests open several databases in one process, and an id from one is unknown
// to the other.
const g = globalThis as unknown as { __langoCatalog?: { byDb: WeakMap<object, Memos> } };
function memoOf(db: object): Memos {
  const s = (g.__langoCatalog ??= { byDb: new WeakMap() });
  let memo = s.byDb.get(db);
  if (!memo) s.byDb.set(db, (memo = { kept: new Map(), missed: new Map() }));
  return memo;
}

function remember(map: Map<string, Memo>, key: string, memo: Memo, cap: number): void {
  map.delete(key);
  map.set(key, memo);
  for (const [k, m] of map) {
    if (map.size <= cap && memo.at - m.at < CATALOG_TTL_MS) break;
    map.delete(k);
  }
}

/**
 * `load`'s answer for `key`, read at most once per CATALOG_TTL_MS. A load that resolves to null means
 * "there is no such thing": that answer is kept apart, within CATALOG_MAX_MISSES.
 */
export function cachedCatalog<T>(db: object, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const memo = memoOf(db);
  const hit = memo.kept.get(key) ?? memo.missed.get(key);
  if (hit && now - hit.at < CATALOG_TTL_MS) return hit.value as Promise<T>;
  const value = load();
  const entry = { value, at: now };
  remember(memo.kept, key, entry, CATALOG_MAX_ENTRIES);
  memo.missed.delete(key);
  value.then(
    (found) => {
      if (found !== null || memo.kept.get(key) !== entry) return;
      memo.kept.delete(key);
      remember(memo.missed, key, entry, CATALOG_MAX_MISSES);
    },
    // A failed read is not remembered. (An edit clears the map, so a read it overtook is dropped with it.)
    () => {
      if (memo.kept.get(key) === entry) memo.kept.delete(key);
    },
  );
  return value;
}

/** How many reads this process keeps for `db` (found, and "no such thing"): what the caps bound. */
export function cachedCatalogSize(db: object): { kept: number; missed: number } {
  const memo = memoOf(db);
  return { kept: memo.kept.size, missed: memo.missed.size };
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
