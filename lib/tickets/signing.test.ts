import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { verifyAsync } from "@noble/ed25519";
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

  it("checks an already parsed code the same way, and refuses one when the event's key is not an Ed25519 key", () => {
    const ticketId = newTicketId();
    const code = signTicketCode({ ticketId, eventId, version: 2 }, privateKey);
    expect(verifyTicketCode(parseTicketCode(code)!, eventId, publicKey)).toEqual({ ticketId, eventId, version: 2 });
    expect(checkTicketCode(parseTicketCode(code)!, { eventId, codeVersion: 2 }, publicKey).ok).toBe(true);
    // A misconfigured key makes Node's verify throw: that is a refusal, never an admission.
    const x25519 = generateKeyPairSync("x25519").publicKey;
    expect(verifyTicketCode(code, eventId, x25519)).toBeNull();
  });

  it("refuses to sign a code the gate could not read back to the same ticket and version", () => {
    const sign =
      (ticketId: string, version = 1) =>
      () =>
        signTicketCode({ ticketId, eventId, version }, privateKey);
    for (const ticketId of ["", "x".repeat(65), "é".repeat(33), "\uD800abc", "abc\uDFFF"])
      expect(sign(ticketId), JSON.stringify(ticketId)).toThrow(RangeError);
    for (const version of [0, -1, 1.5, 2 ** 31, Number.NaN, Infinity])
      expect(sign(newTicketId(), version), String(version)).toThrow(RangeError);
    // The limits themselves are readable.
    for (const [ticketId, version] of [
      ["x".repeat(64), 1],
      ["é".repeat(32), 2 ** 31 - 1],
      ["a", 1],
    ] as const) {
      expect(verifyTicketCode(sign(ticketId, version)(), eventId, publicKey)).toEqual({ ticketId, eventId, version });
    }
  });
});

/**
 * Every ticket already issued carries this format: a change to it (byte layout, domain tag, event tag, version
 * encoding) would make every printed ticket unscannable, so the exact codes for a fixed key are pinned here.
 */
describe("ticket code wire format (known answers)", () => {
  // RFC 8032-style fixed key: the 32-byte seed 00 01 02 … 1f.
  const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
  const fixedKey = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
    format: "der",
    type: "pkcs8",
  });
  const fixedPublic = createPublicKey(fixedKey);
  const EVENT = "evt_nairobi_2030";
  const COMPACT =
    "AQABAgMEBQYHCAkKC8Zxe_wB.m6N6eHX8scWh4sOfWXWRnon25CfvN5-ySWniR_ukQOGdPc4TvNDUPTwsLdona4pcRCCDb4BW7G1xPsReH-6QAg";
  const TEXT =
    "AhljbWFiYzEyM2RlZjQ1NmdoaTc4OWprbDBtxnF7_KwC.BKHoAe2_ZTpiMGcKLwl2UXFOA7FA0hGxk8DHasMpj-c0oCneirr8tjfcxXcqZiw6XzejYb2jpGo7PnT4CxQrBA";

  it("signs a compact id and a foreign id to the exact codes issued so far", () => {
    expect(fixedPublic.export({ format: "jwk" }).x).toBe("A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg");
    expect(signTicketCode({ ticketId: "AAECAwQFBgcICQoL", eventId: EVENT, version: 1 }, fixedKey)).toBe(COMPACT);
    expect(signTicketCode({ ticketId: "cmabc123def456ghi789jkl0m", eventId: EVENT, version: 300 }, fixedKey)).toBe(
      TEXT,
    );
  });

  it("reads the pinned codes back", () => {
    expect(verifyTicketCode(COMPACT, EVENT, fixedPublic)).toEqual({
      ticketId: "AAECAwQFBgcICQoL",
      eventId: EVENT,
      version: 1,
    });
    expect(verifyTicketCode(TEXT, EVENT, fixedPublic)).toEqual({
      ticketId: "cmabc123def456ghi789jkl0m",
      eventId: EVENT,
      version: 300,
    });
  });

  it("lays the bytes out as documented, so another Ed25519 implementation verifies them", async () => {
    const bytes = (b64: string) => Buffer.from(b64, "base64url");
    const [payload, signature] = COMPACT.split(".").map(bytes);
    const tag = bytes("xnF7_A"); // the first 4 bytes of SHA-256("evt_nairobi_2030")
    expect(payload).toEqual(Buffer.concat([Buffer.from([0x01]), seed.subarray(0, 12), tag, Buffer.from([0x01])]));
    const [textPayload] = TEXT.split(".").map(bytes);
    const id = Buffer.from("cmabc123def456ghi789jkl0m");
    // Version 300 as minimal unsigned LEB128: 0xac 0x02.
    expect(textPayload).toEqual(Buffer.concat([Buffer.from([0x02, id.length]), id, tag, Buffer.from([0xac, 0x02])]));
    const signed = Buffer.concat([Buffer.from("lango-ticket-v1\0"), payload, Buffer.from(EVENT)]);
    const publicRaw = bytes(fixedPublic.export({ format: "jwk" }).x!);
    expect(await verifyAsync(signature, signed, publicRaw)).toBe(true);
  });
});
