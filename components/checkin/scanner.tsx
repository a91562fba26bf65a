"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { signal } from "./feedback";
import { useCameraScanner } from "./use-camera-scanner";

type Result = "ok" | "already_checked_in" | "invalid" | "not_paid" | "revoked" | "wrong_event";
interface Answer {
  result: Result;
  ticket?: { attendeeName: string; ticketType: string | null; orderReference: string };
  checkedInAt?: string;
  gate?: string;
}
interface Match { ticketId: string; attendeeName: string; ticketType: string | null; orderReference: string; checkedInAt: string | null; gate: string | null; code: string | null }
interface Progress { total: number; checkedIn: number; byGate: Record<string, number> }

const REASONS: Record<Exclude<Result, "ok" | "already_checked_in">, string> = {
  invalid: "Not a valid ticket (forged, damaged or not Lango's).",
  revoked: "This ticket was cancelled or replaced.",
  not_paid: "This order is not paid.",
  wrong_event: "This ticket is for another event.",
};
const time = (iso?: string) => (iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "");

/** The gate scanner: camera or typed codes, a big unmistakable answer, sound, and the gate's counts. */
export function Scanner({ events }: { events: { id: string; name: string }[] }) {
  const [eventId, setEventId] = useState(events[0]?.id ?? "");
  const [gate, setGate] = useState("Main");
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
    // The phone remembers its gate; read after mount so the server-rendered form matches on hydration.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setGate(localStorage.getItem("lango:gate") ?? "Main");
  }, []);

  const refresh = useCallback(async (q = "") => {
    if (!eventId) return;
    const res = await fetch(`/api/checkin/lookup?eventId=${encodeURIComponent(eventId)}${q ? `&q=${encodeURIComponent(q)}` : ""}`, { cache: "no-store" }).catch(() => null);
    if (!res?.ok) return;
    const body = (await res.json()) as { progress: Progress; matches: Match[] };
    setProgress(body.progress);
    if (q) setMatches(body.matches);
  }, [eventId]);
  // Loads the counts from the server; state is set when the answer arrives, not during the effect.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => void refresh(), [refresh]);

  const scan = useCallback(async (code: string) => {
    // The camera sees the same code many times a second: one scan per code per few seconds.
    const last = recent.current.get(code);
    if (busy || (last && Date.now() - last < 4000)) return;
    recent.current.set(code, Date.now());
    setBusy(true);
    try {
      const res = await fetch("/api/checkin", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: code.trim(), gate, deviceId: deviceId.current, scanId: crypto.randomUUID(), eventId }) });
      const body = await res.json();
      if (!res.ok) {
        setAnswer({ result: "invalid" });
        signal("bad");
        return;
      }
      setAnswer(body as Answer);
      signal(body.result === "ok" ? "ok" : body.result === "already_checked_in" ? "warn" : "bad");
      void refresh(query);
    } finally {
      setBusy(false);
    }
  }, [busy, gate, eventId, refresh, query]);

  const { videoRef, error: cameraError } = useCameraScanner(camera, scan);
  const tone = !answer ? "" : answer.result === "ok" ? "bg-green-600" : answer.result === "already_checked_in" ? "bg-amber-500" : "bg-red-700";

  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-2">
        <label className="text-sm">Event
          <select value={eventId} onChange={(e) => setEventId(e.target.value)} className="mt-1 block w-full rounded-lg border border-stone-300 px-2 py-2 text-base">
            {events.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
          </select>
        </label>
        <label className="text-sm">Gate
          <input value={gate} onChange={(e) => { setGate(e.target.value); localStorage.setItem("lango:gate", e.target.value); }} className="mt-1 block w-full rounded-lg border border-stone-300 px-2 py-2 text-base" />
        </label>
      </div>

      <div role="status" aria-live="assertive" className={`min-h-32 rounded-xl p-4 text-white ${tone || "bg-stone-200 text-stone-700"}`}>
        {!answer && <p className="text-lg">Ready to scan.</p>}
        {answer?.result === "ok" && <><p className="text-3xl font-bold">Admitted</p><p className="text-lg">{answer.ticket?.attendeeName} · {answer.ticket?.ticketType}</p></>}
        {answer?.result === "already_checked_in" && <><p className="text-3xl font-bold">Already in</p><p className="text-lg">{answer.ticket?.attendeeName} came in at {time(answer.checkedInAt)} through {answer.gate ?? "another gate"}.</p></>}
        {answer && answer.result !== "ok" && answer.result !== "already_checked_in" && <><p className="text-3xl font-bold">Refused</p><p className="text-lg">{REASONS[answer.result]}</p></>}
      </div>

      {progress && (
        <p className="text-sm text-stone-700">
          {progress.checkedIn} of {progress.total} in{Object.keys(progress.byGate).length > 0 && ` · ${Object.entries(progress.byGate).map(([g, n]) => `${g}: ${n}`).join(", ")}`}
        </p>
      )}

      <button type="button" onClick={() => setCamera((c) => !c)} className="min-h-12 w-full rounded-lg bg-brand-700 font-semibold text-white">
        {camera ? "Stop camera" : "Scan with camera"}
      </button>
      {camera && <video ref={videoRef} muted playsInline className="aspect-square w-full rounded-xl bg-black object-cover" />}
      {cameraError && <p role="alert" className="text-sm text-red-800">{cameraError}</p>}

      <form onSubmit={(e) => { e.preventDefault(); recent.current.delete(manual.trim()); void scan(manual); }} className="flex gap-2">
        <label className="sr-only" htmlFor="manual-code">Ticket code</label>
        <input id="manual-code" value={manual} onChange={(e) => setManual(e.target.value)} placeholder="Paste or type a code" className="min-w-0 grow rounded-lg border border-stone-300 px-3 py-2 text-base" />
        <button type="submit" disabled={busy || !manual.trim()} className="rounded-lg border border-stone-300 bg-white px-4 font-semibold">Check</button>
      </form>

      <form onSubmit={(e) => { e.preventDefault(); void refresh(query); }} className="flex gap-2">
        <label className="sr-only" htmlFor="search">Name or order reference</label>
        <input id="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search name or reference" className="min-w-0 grow rounded-lg border border-stone-300 px-3 py-2 text-base" />
        <button type="submit" className="rounded-lg border border-stone-300 bg-white px-4 font-semibold">Search</button>
      </form>
      {matches.length > 0 && (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="Matching tickets">
          {matches.map((m) => (
            <li key={m.ticketId} className="flex items-center justify-between gap-2 p-3">
              <span><span className="font-medium">{m.attendeeName}</span> <span className="text-sm text-stone-600">· {m.ticketType} · {m.orderReference}{m.checkedInAt ? ` · in at ${time(m.checkedInAt)}` : ""}</span></span>
              {m.code && !m.checkedInAt && (
                <button type="button" onClick={() => { recent.current.delete(m.code!); void scan(m.code!); }} className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-semibold text-white">Admit</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
