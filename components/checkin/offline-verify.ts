import * as ed from "@noble/ed25519";
import type { BundleRevocation, BundleTicket, OfflineBundle } from "@/lib/checkin/offline-bundle";
import { decodeCanonicalBase64url, parseCode, sameBytes, signedMessage, TAG_BYTES } from "@/lib/tickets/code-format";

/**
 * The gate phone's own check of a ticket code, for when there is no network: the server's strict parse
 * (lib/tickets/code-format.ts, shared) and an Ed25519 signature check against the event's public key from
 * the offline bundle, with WebCrypto or, where the browser lacks Ed25519, a small audited library.
 */

export { decodeCanonicalBase64url, parseCode, type ParsedCode } from "@/lib/tickets/code-format";

/** The library check, for browsers whose WebCrypto has no Ed25519 (Chrome before 137, Safari before 17). */
export function verifyWithLibrary(publicKey: Uint8Array, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  // RFC 8032's strict rules, like OpenSSL on the server, so both sides refuse the same odd signatures.
  return ed.verifyAsync(signature, message, publicKey, { zip215: false }).catch(() => false);
}

export type CodeVerification =
  { ok: true; ticketId: string; version: number } | { ok: false; reason: "invalid" | "wrong_event" };

export interface CodeVerifier {
  eventId: string;
  verify(code: string): Promise<CodeVerification>;
}

/**
 * A verifier for one event's codes. A code naming another event is `wrong_event` (the 4-byte tag exists
 * so the gate can say so instead of "forged"); any other failure is `invalid`.
 */
export async function createVerifier(
  eventId: string,
  publicKeyRaw: string | null,
  opts: { useWebCrypto?: boolean } = {},
): Promise<CodeVerifier> {
  const eventBytes = new TextEncoder().encode(eventId);
  const tag = new Uint8Array(await crypto.subtle.digest("SHA-256", eventBytes)).subarray(0, TAG_BYTES);
  const rawKey = publicKeyRaw ? decodeCanonicalBase64url(publicKeyRaw) : null;
  let webKey: CryptoKey | null = null;
  if (rawKey && opts.useWebCrypto !== false) {
    webKey = await crypto.subtle
      .importKey("raw", rawKey as BufferSource, { name: "Ed25519" }, false, ["verify"])
      .catch(() => null);
  }
  const check = (signature: Uint8Array, message: Uint8Array) =>
    webKey
      ? crypto.subtle
          .verify({ name: "Ed25519" }, webKey, signature as BufferSource, message as BufferSource)
          .catch(() => false)
      : verifyWithLibrary(rawKey!, signature, message);
  return {
    eventId,
    async verify(code) {
      const parsed = parseCode(code.trim());
      if (!parsed) return { ok: false, reason: "invalid" };
      if (!sameBytes(parsed.eventTag, tag)) return { ok: false, reason: "wrong_event" };
      if (!rawKey || rawKey.length !== 32) return { ok: false, reason: "invalid" };
      const ok = await check(parsed.signature, signedMessage(parsed.payload, eventId));
      return ok ? { ok: true, ticketId: parsed.ticketId, version: parsed.version } : { ok: false, reason: "invalid" };
    },
  };
}

export type OfflineResult = "ok" | "already_checked_in" | "invalid" | "not_paid" | "revoked" | "wrong_event";

/** The bundle as lookups by ticket id. */
export interface BundleIndex {
  bundle: OfflineBundle;
  tickets: Map<string, BundleTicket>;
  revoked: Map<string, BundleRevocation>;
}

export function indexBundle(bundle: OfflineBundle): BundleIndex {
  return {
    bundle,
    tickets: new Map(bundle.tickets.map((t) => [t[0], t])),
    revoked: new Map(bundle.revoked.map((r) => [r[0], r])),
  };
}

export interface OfflineDecision {
  result: OfflineResult;
  ticketId?: string;
  /** What the bundle says of the ticket, when it knows it. */
  ticket?: { id: string; attendeeName: string; ticketType: string | null; orderReference: string };
  /** `already_checked_in` per the bundle: when and where, as the server last said. */
  checkedInAt?: string;
  gate?: string | null;
}

/**
 * What the bundle says of a code. A genuine code of a ticket the bundle does not know was issued after
 * the bundle was made (tickets are only issued for paid orders), so it is admitted; a version ahead of
 * the bundle's is a re-issue the bundle has not seen yet, also genuine.
 */
export async function checkWithBundle(
  verifier: CodeVerifier,
  index: BundleIndex,
  code: string,
): Promise<OfflineDecision> {
  const verified = await verifier.verify(code);
  if (!verified.ok) return { result: verified.reason };
  const { ticketId, version } = verified;
  const t = index.tickets.get(ticketId);
  const ticket = t ? { id: t[0], attendeeName: t[2], ticketType: t[3], orderReference: t[4] } : undefined;
  const revocation = index.revoked.get(ticketId);
  if (revocation && version <= revocation[1]) return { result: revocation[2], ticketId };
  if (t && version < t[1]) return { result: "revoked", ticketId, ticket };
  if (t?.[5]) return { result: "already_checked_in", ticketId, ticket, checkedInAt: t[5], gate: t[6] };
  return { result: "ok", ticketId, ticket };
}

/** What this phone remembers of its own scans: enough to say "already in, scanned here at …". */
export interface ScanMemory {
  ticketId: string | null;
  localResult: OfflineResult;
  serverResult?: OfflineResult;
  scannedAt: string;
  gate: string;
}

/**
 * The bundle's answer corrected by this phone's own scans since the bundle was made: a ticket let in
 * here (offline, or online after the bundle was fetched) is already in, even before the scan is synced.
 */
export function withLocalScans(
  decision: OfflineDecision,
  scans: ScanMemory[],
): OfflineDecision & { scannedHere?: boolean } {
  if (decision.result !== "ok" || !decision.ticketId) return decision;
  const here = scans
    .filter((s) => s.ticketId === decision.ticketId && (s.localResult === "ok" || s.serverResult === "ok"))
    .sort((a, b) => a.scannedAt.localeCompare(b.scannedAt))[0];
  return here
    ? { ...decision, result: "already_checked_in", checkedInAt: here.scannedAt, gate: here.gate, scannedHere: true }
    : decision;
}
