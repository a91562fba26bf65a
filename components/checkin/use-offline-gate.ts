"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { OfflineBundle } from "@/lib/checkin/offline-bundle";
import {
  deleteScan,
  listAllScans,
  loadBundle,
  putScan,
  retainedScan,
  saveBundle,
  type LocalScan,
} from "./offline-store";
import {
  checkWithBundle,
  createVerifier,
  indexBundle,
  withLocalScans,
  type BundleIndex,
  type CodeVerifier,
  type OfflineResult,
} from "./offline-verify";

/** What the gate shows for a scan, whoever decided it. */
export interface GateAnswer {
  result: OfflineResult | "no_bundle";
  ticket?: { id?: string; attendeeName: string; ticketType: string | null; orderReference: string };
  checkedInAt?: string;
  gate?: string | null;
  /** Decided by this phone without the server. */
  offline?: boolean;
  /** "Already in" because of a scan on this phone. */
  scannedHere?: boolean;
  conflict?: boolean;
}

const BUNDLE_REFRESH_MS = 3 * 60_000;
const SYNC_RETRY_MS = 20_000;
const SYNC_REQUEST_TIMEOUT_MS = 10_000;
/** Synced scans are kept this long so "already in, scanned here" survives a bundle that lags behind. */
const KEEP_SYNCED_MS = 48 * 60 * 60_000;

/** fetch that gives up after `ms`: a gate cannot wait for a network that is not there. */
export async function fetchWithin(url: string, init: RequestInit, ms: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    return await fetch(url, { ...init, signal: controller.signal, cache: "no-store" });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The phone's offline side of the gate for one event: keeps the event's bundle fresh, decides scans by
 * itself when asked, queues them, and syncs the queue when the network is back (the `online` event and
 * a periodic retry), each scan with its own scanId so a re-sent one changes nothing.
 */
export function useOfflineGate(eventId: string, onSynced: () => void) {
  const t = useTranslations("scanner.errors");
  const [checker, setChecker] = useState<{ index: BundleIndex; verifier: CodeVerifier } | null>(null);
  const [scans, setScans] = useState<LocalScan[]>([]);
  const [online, setOnline] = useState(true);
  const [syncError, setSyncError] = useState<string | null>(null);
  const [storageError, setStorageError] = useState<string | null>(null);
  const syncing = useRef(false);
  const onSyncedRef = useRef(onSynced);
  useEffect(() => {
    onSyncedRef.current = onSynced;
  }, [onSynced]);

  const eventRef = useRef(eventId);
  useEffect(() => {
    eventRef.current = eventId;
  }, [eventId]);

  const adoptBundle = useCallback(async (bundle: OfflineBundle) => {
    const verifier = await createVerifier(bundle.eventId, bundle.publicKey);
    // A bundle that arrives after the gate switched events is not this event's.
    if (bundle.eventId === eventRef.current) setChecker({ index: indexBundle(bundle), verifier });
  }, []);

  const reloadScans = useCallback(async () => {
    try {
      setScans(await listAllScans());
    } catch {
      setStorageError(t("storageScans"));
    }
  }, [t]);

  const refreshBundle = useCallback(async () => {
    if (!eventId || !navigator.onLine) return;
    const res = await fetchWithin(`/api/checkin/bundle?eventId=${encodeURIComponent(eventId)}`, {}, 20_000).catch(
      () => null,
    );
    if (!res?.ok) return;
    const bundle = (await res.json()) as OfflineBundle;
    await adoptBundle(bundle);
    await saveBundle(bundle).catch(() => setStorageError(t("storageList")));
  }, [eventId, adoptBundle, t]);

  // The stored bundle first (instant, and all there is offline), then a fresh one, then every few minutes.
  useEffect(() => {
    if (!eventId) return;
    let cancelled = false;
    // A new event: its own bundle or nothing, never the previous event's.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setChecker(null);
    void (async () => {
      const stored = await loadBundle(eventId).catch(() => undefined);
      if (stored && !cancelled) await adoptBundle(stored);
      if (!cancelled) await refreshBundle();
    })();
    const timer = setInterval(() => void refreshBundle(), BUNDLE_REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [eventId, refreshBundle, adoptBundle]);

  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    let answered = 0;
    try {
      const pending = (await listAllScans().catch(() => []))
        .filter((s) => s.state === "pending")
        .sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
      for (const s of pending) {
        if (!s.code) {
          await putScan({ ...s, state: "rejected", error: t("noCode") }).catch(() => undefined);
          continue;
        }
        const res = await fetchWithin(
          "/api/checkin",
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
              code: s.code,
              gate: s.gate,
              deviceId: s.deviceId,
              scanId: s.scanId,
              eventId: s.eventId,
              scannedAt: s.scannedAt,
              offline: true,
              localResult: s.localResult,
            }),
          },
          SYNC_REQUEST_TIMEOUT_MS,
        ).catch(() => null);
        // Still no network, or the server is down: the rest waits for the next try.
        if (!res || res.status >= 500) break;
        if (res.status === 401 || res.status === 403) {
          setSyncError(t("signInAgain"));
          break;
        }
        const body = await res.json().catch(() => null);
        answered++;
        if (!res.ok) {
          await putScan({
            ...s,
            state: "rejected",
            error: body?.error?.message ?? t("serverRefused", { status: res.status }),
          });
          continue;
        }
        await putScan({
          ...s,
          state: "synced",
          serverResult: body.result,
          conflict: !!body.conflict,
          admittedAt: body.checkedInAt,
          admittedGate: body.gate ?? null,
          attendeeName: s.attendeeName ?? body.ticket?.attendeeName ?? null,
        });
      }
      if (answered) setSyncError(null);
    } finally {
      syncing.current = false;
      await reloadScans();
      if (answered) {
        await refreshBundle();
        onSyncedRef.current();
      }
    }
  }, [reloadScans, refreshBundle, t]);

  // Old synced scans go, and codes kept by an older scanner with them; then the queue is sent whenever
  // the network comes back, and retried meanwhile.
  useEffect(() => {
    void (async () => {
      const cutoff = new Date(Date.now() - KEEP_SYNCED_MS).toISOString();
      for (const s of await listAllScans().catch(() => [])) {
        if (s.state !== "pending" && s.scannedAt < cutoff && (s.dismissed || !s.conflict))
          await deleteScan(s.scanId).catch(() => undefined);
        else {
          const kept = retainedScan(s);
          if (!kept || (s.code && !kept.code)) await putScan(s).catch(() => undefined);
        }
      }
      await reloadScans();
      await sync();
    })();
    const update = () => {
      setOnline(navigator.onLine);
      if (navigator.onLine) void sync();
    };
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    const timer = setInterval(() => void sync(), SYNC_RETRY_MS);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
      clearInterval(timer);
    };
  }, [reloadScans, sync]);

  /** Decides a scan on this phone and queues it; null when no bundle of the event is here yet. */
  const scanOffline = useCallback(
    async (scan: { code: string; gate: string; deviceId: string; scanId: string }): Promise<GateAnswer> => {
      if (!checker) return { result: "no_bundle", offline: true };
      const mine = (await listAllScans().catch(() => scans)).filter((s) => s.eventId === eventId);
      const decision = withLocalScans(await checkWithBundle(checker.verifier, checker.index, scan.code), mine);
      const record: LocalScan = {
        ...scan,
        code: scan.code.trim(),
        eventId,
        ticketId: decision.ticketId ?? null,
        attendeeName: decision.ticket?.attendeeName ?? null,
        scannedAt: new Date().toISOString(),
        localResult: decision.result,
        state: "pending",
      };
      try {
        await putScan(record);
      } catch {
        setStorageError(t("storageScan"));
      }
      await reloadScans();
      return { ...decision, offline: true };
    },
    [checker, eventId, reloadScans, scans, t],
  );

  /** Remembers a scan the server answered, so an offline scan of the same ticket later says "already in". */
  const rememberOnline = useCallback(
    async (scan: { code: string; gate: string; deviceId: string; scanId: string }, answer: GateAnswer) => {
      if (answer.result !== "ok" || !answer.ticket?.id) return;
      await putScan({
        ...scan,
        eventId,
        ticketId: answer.ticket.id,
        attendeeName: answer.ticket.attendeeName,
        scannedAt: answer.checkedInAt ?? new Date().toISOString(),
        localResult: "ok",
        serverResult: "ok",
        state: "synced",
      }).catch(() => undefined);
      await reloadScans();
    },
    [eventId, reloadScans],
  );

  const dismissConflicts = useCallback(async () => {
    for (const s of scans)
      if ((s.conflict || s.state === "rejected") && !s.dismissed)
        await putScan({ ...s, dismissed: true }).catch(() => undefined);
    await reloadScans();
  }, [scans, reloadScans]);

  const pending = scans.filter((s) => s.state === "pending").length;
  const problems = scans.filter((s) => (s.conflict || s.state === "rejected") && !s.dismissed);
  // Counts without the server: the bundle's, plus what this phone let in since.
  const localProgress = useMemo(() => {
    if (!checker) return null;
    const inside = new Set(checker.index.bundle.tickets.filter((t) => t[5]).map((t) => t[0]));
    for (const s of scans)
      if (s.eventId === eventId && s.ticketId && (s.localResult === "ok" || s.serverResult === "ok"))
        inside.add(s.ticketId);
    return {
      eventId: checker.index.bundle.eventId,
      total: checker.index.bundle.tickets.length,
      checkedIn: inside.size,
      generatedAt: checker.index.bundle.generatedAt,
    };
  }, [checker, scans, eventId]);

  /**
   * The manual search without a network, in the bundle: who a ticket is for and whether they are in.
   * The bundle holds no codes, so admitting still takes the ticket's code.
   */
  const searchOffline = useCallback(
    (query: string) => {
      const q = query.trim().toLowerCase();
      if (!checker || q.length < 2) return [];
      const here = new Map(
        scans
          .filter((s) => s.ticketId && (s.localResult === "ok" || s.serverResult === "ok"))
          .map((s) => [s.ticketId!, s]),
      );
      return checker.index.bundle.tickets
        .filter((t) => t[2].toLowerCase().includes(q) || t[4].toLowerCase() === q)
        .slice(0, 20)
        .map((t) => ({
          ticketId: t[0],
          attendeeName: t[2],
          ticketType: t[3],
          orderReference: t[4],
          checkedInAt: t[5] ?? here.get(t[0])?.scannedAt ?? null,
          gate: t[6] ?? here.get(t[0])?.gate ?? null,
          code: null,
        }));
    },
    [checker, scans],
  );

  return {
    online,
    pending,
    problems,
    syncError,
    storageError,
    ready: !!checker,
    localProgress,
    scanOffline,
    rememberOnline,
    searchOffline,
    sync,
    dismissConflicts,
  };
}
