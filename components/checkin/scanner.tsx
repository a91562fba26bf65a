"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { signal } from "./feedback";
import { ScannerSignOut } from "./scanner-sign-out";
import { useCameraScanner } from "./use-camera-scanner";
import { fetchWithin, useOfflineGate, type GateAnswer as Answer } from "./use-offline-gate";

type Result = Answer["result"];
interface Match {
  ticketId: string;
  attendeeName: string;
  ticketType: string | null;
  orderReference: string;
  checkedInAt: string | null;
  gate: string | null;
  code: string | null;
}
interface Progress {
  total: number;
  checkedIn: number;
  byGate: Record<string, number>;
}

type Refusal = Exclude<Result, "ok" | "already_checked_in">;
const REFUSALS: readonly string[] = ["invalid", "revoked", "not_paid", "wrong_event", "no_bundle"] satisfies Refusal[];
/** Past this the phone stops waiting for the server and decides by itself. */
const ONLINE_TIMEOUT_MS = 3000;
/** Gate times in the 24-hour clock East Africa reads on its phones and tickets ("14:05", never "2:05 PM"). */
const time = (iso?: string) =>
  iso ? new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }) : "";

/** The gate scanner: camera or typed codes, a big unmistakable answer, sound, and the gate's counts. */
export function Scanner({ events, conflictsHref }: { events: { id: string; name: string }[]; conflictsHref?: string }) {
  const t = useTranslations("scanner");
  // The result words come with the page (NextIntlClientProvider), so they show offline as well.
  const reason = (result: string) =>
    REFUSALS.includes(result) ? t(`reasons.${result as Refusal}`) : t("reasons.other");
  const conflictFacts = (p: { attendeeName?: string | null; scannedAt: string; gate: string }) => ({
    name: p.attendeeName ?? t("aTicket"),
    time: time(p.scannedAt),
    gate: p.gate,
  });
  const [eventId, setEventId] = useState(events[0]?.id ?? "");
  const [gate, setGate] = useState(t("defaultGate"));
  const [camera, setCamera] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const [manual, setManual] = useState("");
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<Match[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const recent = useRef(new Map<string, number>());
  const deviceId = useRef("");

  useEffect(() => {
    deviceId.current = localStorage.getItem("lango:device") ?? crypto.randomUUID();
    localStorage.setItem("lango:device", deviceId.current);
    // The phone remembers its gate and event (a reload offline must not switch to another event's list);
    // read after mount so the server-rendered form matches on hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setGate(localStorage.getItem("lango:gate") ?? t("defaultGate"));
    const savedEvent = localStorage.getItem("lango:event");
    if (savedEvent && events.some((e) => e.id === savedEvent)) setEventId(savedEvent);
  }, [events, t]);

  // The page survives a reload without a network (public/checkin-sw.js); not in development, where
  // cached chunks would fight hot reloading.
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    void navigator.serviceWorker
      .register("/checkin-sw.js", { scope: "/admin/checkin" })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = performance.getEntriesByType("resource").map((e) => e.name);
        reg.active?.postMessage({ type: "lango-checkin-cache", urls });
      })
      .catch(() => undefined);
  }, []);

  const refresh = useCallback(
    async (q = "") => {
      if (!eventId || !navigator.onLine) return false;
      const res = await fetchWithin(
        `/api/checkin/lookup?eventId=${encodeURIComponent(eventId)}${q ? `&q=${encodeURIComponent(q)}` : ""}`,
        {},
        8000,
      ).catch(() => null);
      if (!res?.ok) return false;
      const body = (await res.json()) as { progress: Progress; matches: Match[] };
      setProgress(body.progress);
      if (q) setMatches(body.matches);
      return true;
    },
    [eventId],
  );
  // Loads the counts from the server; state is set when the answer arrives, not during the effect.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => void refresh(), [refresh]);

  const queryRef = useRef(query);
  useEffect(() => {
    queryRef.current = query;
  }, [query]);
  const offline = useOfflineGate(
    eventId,
    useCallback(() => void refresh(queryRef.current), [refresh]),
  );

  const scan = useCallback(
    async (code: string) => {
      // The camera sees the same code many times a second: one scan per code per few seconds.
      const last = recent.current.get(code);
      if (busy || (last && Date.now() - last < 4000)) return;
      recent.current.set(code, Date.now());
      setBusy(true);
      const show = (a: Answer) => {
        setAnswer(a);
        signal(a.result === "ok" ? "ok" : a.result === "already_checked_in" ? "warn" : "bad");
      };
      // One scanId whichever side decides: if the server did record a scan whose answer was lost, the
      // synced copy gets that stored answer instead of a second admission.
      const attempt = { code: code.trim(), gate, deviceId: deviceId.current, scanId: crypto.randomUUID() };
      try {
        const res = navigator.onLine
          ? await fetchWithin(
              "/api/checkin",
              {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ ...attempt, eventId }),
              },
              ONLINE_TIMEOUT_MS,
            ).catch(() => null)
          : null;
        if (!res || res.status >= 500) {
          show(await offline.scanOffline(attempt));
          return;
        }
        const body = await res.json();
        if (!res.ok) {
          show({ result: "invalid" });
          return;
        }
        show(body as Answer);
        void offline.rememberOnline(attempt, body as Answer);
        void refresh(query);
      } finally {
        setBusy(false);
      }
    },
    [busy, gate, eventId, refresh, query, offline],
  );

  const { videoRef, error: cameraError } = useCameraScanner(camera, scan);
  // Each pair passes WCAG AA (4.5:1) for the small print under the big word, in sunlight at a gate.
  const tone = !answer
    ? "bg-stone-100 text-stone-800"
    : answer.result === "ok"
      ? "bg-green-700 text-white"
      : answer.result === "already_checked_in"
        ? "bg-amber-300 text-stone-950"
        : "bg-red-700 text-white";

  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-2">
        <label className="text-sm">
          {t("event")}
          <select
            value={eventId}
            onChange={(e) => {
              setEventId(e.target.value);
              localStorage.setItem("lango:event", e.target.value);
            }}
            className="mt-1 block w-full rounded-lg border border-stone-300 px-2 py-2 text-base"
          >
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          {t("gate")}
          <input
            value={gate}
            onChange={(e) => {
              setGate(e.target.value);
              localStorage.setItem("lango:gate", e.target.value);
            }}
            className="mt-1 block w-full rounded-lg border border-stone-300 px-2 py-2 text-base"
          />
        </label>
      </div>

      <div role="status" aria-live="assertive" className={`min-h-32 rounded-xl p-4 ${tone}`}>
        {!answer && <p className="text-lg">{t("ready")}</p>}
        {answer?.result === "ok" && (
          <>
            <p className="text-3xl font-bold">
              {t("admitted")}
              {answer.offline && <span className="text-xl font-semibold"> {t("offlineMark")}</span>}
            </p>
            <p className="text-lg">
              {answer.ticket
                ? t("attendee", { name: answer.ticket.attendeeName, type: answer.ticket.ticketType ?? t("pass") })
                : t("genuineUnlisted")}
            </p>
          </>
        )}
        {answer?.result === "already_checked_in" && (
          <>
            <p className="text-3xl font-bold">{t("alreadyIn")}</p>
            <p className="text-lg">
              {answer.scannedHere
                ? t("scannedHere", {
                    name: answer.ticket?.attendeeName ?? t("thisTicket"),
                    time: time(answer.checkedInAt),
                    gate: answer.gate ?? "",
                  })
                : t("cameThrough", {
                    name: answer.ticket?.attendeeName ?? t("thisTicket"),
                    time: time(answer.checkedInAt),
                    gate: answer.gate ?? t("anotherGate"),
                  })}
            </p>
          </>
        )}
        {answer && answer.result !== "ok" && answer.result !== "already_checked_in" && (
          <>
            <p className="text-3xl font-bold">{t("refused")}</p>
            <p className="text-lg">{reason(answer.result)}</p>
          </>
        )}
      </div>

      {(!offline.online || offline.pending > 0) && (
        <div
          aria-live="polite"
          className={`rounded-lg px-3 py-2 text-sm font-semibold ${offline.online ? "bg-sky-100 text-sky-950" : "bg-stone-800 text-white"}`}
        >
          {offline.online ? t("syncing", { count: offline.pending }) : t("offlineWaiting", { count: offline.pending })}
          {!offline.online && !offline.ready && <span className="block font-normal">{t("noList")}</span>}
        </div>
      )}
      {(offline.syncError || offline.storageError) && (
        <p role="alert" className="text-sm text-red-800">
          {offline.syncError ?? offline.storageError}
        </p>
      )}
      {offline.problems.length > 0 && (
        <div role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950">
          <p className="font-semibold">{t("conflicts", { count: offline.problems.length })}</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {offline.problems.map((p) => (
              <li key={p.scanId}>
                {p.state === "rejected"
                  ? t("conflictRejected", { ...conflictFacts(p), error: p.error ?? "" })
                  : p.serverResult === "already_checked_in"
                    ? t("conflictAlreadyIn", {
                        ...conflictFacts(p),
                        admittedAt: time(p.admittedAt),
                        admittedGate: p.admittedGate ?? t("anotherGate"),
                      })
                    : t("conflictRefused", { ...conflictFacts(p), reason: reason(p.serverResult ?? "") })}
              </li>
            ))}
          </ul>
          <div className="mt-2 flex gap-4">
            <button type="button" onClick={() => void offline.dismissConflicts()} className="font-semibold underline">
              {t("dismiss")}
            </button>
            {conflictsHref && (
              <a href={conflictsHref} className="font-semibold underline">
                {t("allConflicts")}
              </a>
            )}
          </div>
        </div>
      )}

      {offline.online && progress ? (
        <p className="text-sm text-stone-700">
          {t("progress", { checkedIn: progress.checkedIn, total: progress.total })}
          {Object.keys(progress.byGate).length > 0 &&
            ` · ${Object.entries(progress.byGate)
              .map(([g, n]) => `${g}: ${n}`)
              .join(", ")}`}
        </p>
      ) : (
        offline.localProgress && (
          <p className="text-sm text-stone-700">
            {t("localProgress", {
              checkedIn: offline.localProgress.checkedIn,
              total: offline.localProgress.total,
              time: time(offline.localProgress.generatedAt),
            })}
          </p>
        )
      )}
      {offline.online && offline.localProgress && (
        <p className="text-xs text-stone-500">
          {t("readyOffline", {
            time: time(offline.localProgress.generatedAt),
            event: events.find((e) => e.id === offline.localProgress?.eventId)?.name ?? t("thisEvent"),
          })}
        </p>
      )}
      {conflictsHref && (
        <a href={conflictsHref} className="block text-sm font-medium text-brand-800 underline">
          {t("offlineConflicts")}
        </a>
      )}

      <button
        type="button"
        onClick={() => setCamera((c) => !c)}
        className="min-h-12 w-full rounded-lg bg-brand-700 font-semibold text-white"
      >
        {camera ? t("stopCamera") : t("startCamera")}
      </button>
      {camera && (
        <video ref={videoRef} muted playsInline className="aspect-square w-full rounded-xl bg-black object-cover" />
      )}
      {cameraError && (
        <p role="alert" className="text-sm text-red-800">
          {cameraError}
        </p>
      )}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          recent.current.delete(manual.trim());
          // Cleared at once, so the next code typed or pasted is not appended to this one.
          setManual("");
          void scan(manual);
        }}
        className="flex flex-wrap items-end gap-2"
      >
        <label className="w-full text-sm font-medium" htmlFor="manual-code">
          {t("codeLabel")}
        </label>
        <input
          id="manual-code"
          value={manual}
          onChange={(e) => setManual(e.target.value)}
          placeholder={t("codePlaceholder")}
          className="min-w-0 grow rounded-lg border border-stone-300 px-3 py-2 text-base"
        />
        <button
          type="submit"
          disabled={busy || !manual.trim()}
          className="rounded-lg border border-stone-300 bg-white px-4 font-semibold"
        >
          {t("check")}
        </button>
      </form>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          void refresh(query).then((answered) => {
            if (!answered) setMatches(offline.searchOffline(query));
          });
        }}
        className="flex flex-wrap items-end gap-2"
      >
        <label className="w-full text-sm font-medium" htmlFor="search">
          {t("searchLabel")}
        </label>
        <input
          id="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("searchPlaceholder")}
          className="min-w-0 grow rounded-lg border border-stone-300 px-3 py-2 text-base"
        />
        <button type="submit" className="rounded-lg border border-stone-300 bg-white px-4 font-semibold">
          {t("search")}
        </button>
      </form>
      {matches.length > 0 && (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label={t("matches")}>
          {matches.map((m) => (
            <li key={m.ticketId} className="flex items-center justify-between gap-2 p-3">
              <span>
                <span className="font-medium">{m.attendeeName}</span>{" "}
                <span className="text-sm text-stone-600">
                  · {m.ticketType} · {m.orderReference}
                  {m.checkedInAt ? ` · ${t("inAt", { time: time(m.checkedInAt) })}` : ""}
                </span>
              </span>
              {m.code && !m.checkedInAt && (
                <button
                  type="button"
                  onClick={() => {
                    recent.current.delete(m.code!);
                    void scan(m.code!);
                  }}
                  className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-semibold text-white"
                >
                  {t("admit")}
                </button>
              )}
              {!m.code && !m.checkedInAt && (
                <span className="shrink-0 text-xs text-stone-600">{t("admitWithCode")}</span>
              )}
            </li>
          ))}
        </ul>
      )}

      <ScannerSignOut pending={offline.pending} />
    </div>
  );
}
