"use client";

import type { OfflineBundle } from "@/lib/checkin/offline-bundle";
import type { OfflineResult } from "./offline-verify";

/**
 * What a gate phone keeps in IndexedDB: the last bundle of each event, and every scan it decided by
 * itself until the server has answered it. IndexedDB (not localStorage) because a bundle of a few
 * thousand tickets is large and writes must not block the camera loop. A ticket code is what gets a
 * person in, so a lost phone should hold as few as possible: a scan keeps its code only until it is
 * synced (the server needs the code itself), and the ticket id serves every later "already in".
 */

export interface LocalScan {
  scanId: string;
  eventId: string;
  /** Only while the scan waits to be synced. */
  code?: string;
  ticketId: string | null;
  attendeeName: string | null;
  gate: string;
  deviceId: string;
  scannedAt: string;
  localResult: OfflineResult;
  /** pending: waiting to sync; synced: the server answered; rejected: the server refused the request itself. */
  state: "pending" | "synced" | "rejected";
  serverResult?: OfflineResult;
  conflict?: boolean;
  /** For a conflict: where and when the ticket had been admitted first, as the server says. */
  admittedAt?: string;
  admittedGate?: string | null;
  error?: string;
  /** The person at the gate has seen the conflict; kept for "already in" decisions. */
  dismissed?: boolean;
}

export const DB_NAME = "lango-checkin";
/** Every Cache Storage cache of the scanner (public/checkin-sw.js) starts with this. */
export const CACHE_PREFIX = "lango-checkin-";
const BUNDLES = "bundles";
const SCANS = "scans";

let opening: Promise<IDBDatabase> | null = null;
/** Set once the phone's data is wiped at sign-out: nothing may write it back afterwards. */
let wiped = false;

function openDb(): Promise<IDBDatabase> {
  if (wiped) return Promise.reject(new Error("The scanner's data was cleared at sign-out."));
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(BUNDLES, { keyPath: "eventId" });
      db.createObjectStore(SCANS, { keyPath: "scanId" }).createIndex("eventId", "eventId");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error("The scanner's storage is held by another tab: close it and reload."));
  }).catch((err) => {
    opening = null;
    throw err;
  });
  return opening;
}

function run<T>(store: string, mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = work(tx.objectStore(store));
        // Resolve on commit, not on the request: a scan counts as kept only once it is on disk.
        tx.oncomplete = () => resolve(req.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error("Storage transaction aborted"));
      }),
  );
}

export const saveBundle = (bundle: OfflineBundle) =>
  run(BUNDLES, "readwrite", (s) => s.put(bundle)).then(() => undefined);

export const loadBundle = (eventId: string) =>
  run<OfflineBundle | undefined>(BUNDLES, "readonly", (s) => s.get(eventId));

/**
 * What of a scan is worth keeping: nothing of one refused offline as invalid or of another event (the
 * gate turned the person away, and the code is a forgery or another event's ticket); the code only while
 * the scan waits to be synced.
 */
export function retainedScan(scan: LocalScan): LocalScan | null {
  if (scan.localResult === "invalid" || scan.localResult === "wrong_event") return null;
  if (scan.state === "pending") return scan;
  const kept = { ...scan };
  delete kept.code;
  return kept;
}

export const putScan = (scan: LocalScan) => {
  const kept = retainedScan(scan);
  return (
    kept ? run(SCANS, "readwrite", (s) => s.put(kept)) : run(SCANS, "readwrite", (s) => s.delete(scan.scanId))
  ).then(() => undefined);
};

/** Every scan kept, of all events: the queue syncs them all, whichever event the gate shows now. */
export const listAllScans = () => run<LocalScan[]>(SCANS, "readonly", (s) => s.getAll());

export const deleteScan = (scanId: string) => run(SCANS, "readwrite", (s) => s.delete(scanId)).then(() => undefined);

/**
 * Wipes what the scanner keeps on this phone, for signing out: the IndexedDB database (bundles with
 * attendee names, queued scans), the service worker's caches of the page and its files, and the worker
 * itself. Resolves once all is gone, or after a few seconds if another tab still holds the database
 * (the browser deletes it when that tab closes).
 */
export async function clearOfflineData(): Promise<void> {
  wiped = true;
  const db = await opening?.catch(() => null);
  db?.close();
  opening = null;
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    const timer = setTimeout(resolve, 3000);
    req.onsuccess = req.onerror = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  if ("caches" in globalThis) {
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
  }
  if ("serviceWorker" in navigator) {
    for (const reg of await navigator.serviceWorker.getRegistrations()) {
      if (new URL(reg.scope).pathname.startsWith("/admin/checkin")) await reg.unregister();
    }
  }
}
