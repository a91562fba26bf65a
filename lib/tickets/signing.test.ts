import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  checkTicketCode,
  codeNamesEvent,
  newTicketId,
  parseTicketCode,
  signTicketCode,
  verifyTicketCode,
} from "./signing";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const other = generateKeyPairSync("ed25519");
const eventId = "cmevent000000000000000001";
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// Every base64url character plus the separators and look-alikes a damaged print or a bad OCR could give.
const REPLACEMENTS = [...ALPHABET, ".", "=", "+", "/", " ", "é"];

describe("ticket codes", () => {
  it("makes ticket ids a spreadsheet or a shell will not mistake for a formula or an option", () => {
    const ids = Array.from({ length: 2000 }, newTicketId);
    expect(ids.filter((id) => id.startsWith("-"))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{16}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("round-trips ticket id, event and version, and is short enough for a small QR", () => {
    const ticketId = newTicketId();
    const code = signTicketCode({ ticketId, eventId, version: 1 }, privateKey);
    expect(code).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(code.length).toBe(111);
    expect(verifyTicketCode(code, eventId, publicKey)).toEqual({ ticketId, eventId, version: 1 });
    expect(parseTicketCode(code)).toMatchObject({ ticketId, version: 1 });
  });

  it("gives the same code for the same ticket and version, and a new one per version", () => {
    const ticketId = newTicketId();
    const v1 = signTicketCode({ ticketId, eventId, version: 1 }, privateKey);
    expect(signTicketCode({ ticketId, eventId, version: 1 }, privateKey)).toBe(v1);
    const v2 = signTicketCode({ ticketId, eventId, version: 2 }, privateKey);
    expect(v2).not.toBe(v1);
    expect(verifyTicketCode(v2, eventId, publicKey)?.version).toBe(2);
  });

  it("carries large versions and ids that are not Lango's compact ids (e.g. cuids)", () => {
    for (const version of [127, 128, 300, 70_000, 2 ** 31 - 1]) {
      const code = signTicketCode({ ticketId: "cmabc123def456ghi789jkl0m", eventId, version }, privateKey);
      expect(verifyTicketCode(code, eventId, publicKey)).toEqual({
        ticketId: "cmabc123def456ghi789jkl0m",
        eventId,
        version,
      });
      // The fallback for foreign ids costs ~20 characters; Lango's own ids stay at 111–118.
      expect(code.length).toBeLessThanOrEqual(135);
      expect(signTicketCode({ ticketId: newTicketId(), eventId, version }, privateKey).length).toBeLessThanOrEqual(118);
    }
    expect(() => signTicketCode({ ticketId: "x", eventId, version: 0 }, privateKey)).toThrow(RangeError);
  });

  it("refuses a code flipped at ANY position to ANY other character", () => {
    for (const ticketId of [newTicketId(), "cmabc123def456ghi789jkl0m"]) {
      const code = signTicketCode({ ticketId, eventId, version: 3 }, privateKey);
      let tried = 0;
      for (let i = 0; i < code.length; i++) {
        for (const c of REPLACEMENTS) {
          if (c === code[i]) continue;
          const flipped = code.slice(0, i) + c + code.slice(i + 1);
          tried++;
          if (verifyTicketCode(flipped, eventId, publicKey) !== null)
            throw new Error(`accepted ${flipped} (position ${i} → ${c})`);
        }
      }
      expect(tried).toBeGreaterThan(code.length * 60);
    }
  });

  it("refuses truncated, extended and reshaped codes", () => {
    const code = signTicketCode({ ticketId: newTicketId(), eventId, version: 1 }, privateKey);
    const [payload, sig] = code.split(".");
    const variants = [
      "",
      code.slice(0, -1),
      code.slice(1),
      `${code}A`,
      `${code}=`,
      `${code}.`,
      `${payload}.${sig}.${sig}`,
      `${sig}.${payload}`,
      `${payload}${sig}`,
      ` ${code}`,
      code.toUpperCase(),
      `${payload}A.${sig}`,
    ];
    for (const v of variants) expect(verifyTicketCode(v, eventId, publicKey)).toBeNull();
  });

  it("refuses another event's code and a code signed with another key", () => {
    const ticketId = newTicketId();
    const code = signTicketCode({ ticketId, eventId, version: 1 }, privateKey);
    expect(verifyTicketCode(code, "cmevent000000000000000002", publicKey)).toBeNull();
    expect(verifyTicketCode(code, eventId, other.publicKey)).toBeNull();
    const forged = signTicketCode({ ticketId, eventId, version: 1 }, other.privateKey);
    expect(verifyTicketCode(forged, eventId, publicKey)).toBeNull();
    // The event tag tells an offline scanner "another event" without the other event's key.
    expect(codeNamesEvent(parseTicketCode(code)!, eventId)).toBe(true);
    expect(codeNamesEvent(parseTicketCode(code)!, "cmevent000000000000000002")).toBe(false);
  });

  it("refuses a revoked version: an older code than the ticket's current one", () => {
    const ticketId = newTicketId();
    const v1 = signTicketCode({ ticketId, eventId, version: 1 }, privateKey);
    const v2 = signTicketCode({ ticketId, eventId, version: 2 }, privateKey);
    const ticket = { eventId, codeVersion: 2 };
    expect(checkTicketCode(v1, ticket, publicKey)).toEqual({ ok: false, reason: "revoked" });
    expect(checkTicketCode(v2, ticket, publicKey)).toEqual({ ok: true, claim: { ticketId, eventId, version: 2 } });
    expect(checkTicketCode(v2, { eventId, codeVersion: 1 }, publicKey)).toEqual({ ok: false, reason: "invalid" });
    // A forged old code is invalid, not merely revoked. (Change a character inside the signature: its last
    // characters are often already "A", since an Ed25519 signature's final byte is usually small.)
    const at = v1.length - 20;
    const forged = v1.slice(0, at) + (v1[at] === "B" ? "C" : "B") + v1.slice(at + 1);
    expect(checkTicketCode(forged, ticket, publicKey)).toEqual({ ok: false, reason: "invalid" });
  });

  it("makes distinct compact ids", () => {
    const ids = new Set(Array.from({ length: 1000 }, newTicketId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });
});
