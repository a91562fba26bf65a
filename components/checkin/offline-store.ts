"use client";

import type { OfflineBundle } from "@/lib/checkin/offline-bundle";
import type { OfflineResult } from "./offline-verify";

/**
 * What a gate phone keeps in IndexedDB: the last bundle of each event, and every scan it decided by
 * itself until the server has answered it. IndexedDB (not localStorage) because a bundle of a few
 * thousand tickets is large and writes must not block the camera loop.
 */

export interface LocalScan {
  scanId: string;
  eventId: string;
  code: string;
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

const DB_NAME = "lango-checkin";
const BUNDLES = "bundles";
const SCANS = "scans";

let opening: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
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

export const saveBundle = (bundle: OfflineBundle) => run(BUNDLES, "readwrite", (s) => s.put(bundle)).then(() => undefined);

export const loadBundle = (eventId: string) => run<OfflineBundle | undefined>(BUNDLES, "readonly", (s) => s.get(eventId));

export const putScan = (scan: LocalScan) => run(SCANS, "readwrite", (s) => s.put(scan)).then(() => undefined);

/** Every scan kept, of all events: the queue syncs them all, whichever event the gate shows now. */
export const listAllScans = () => run<LocalScan[]>(SCANS, "readonly", (s) => s.getAll());

export const deleteScan = (scanId: string) => run(SCANS, "readwrite", (s) => s.delete(scanId)).then(() => undefined);
