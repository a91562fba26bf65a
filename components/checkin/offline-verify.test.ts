import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { OfflineBundle } from "@/lib/checkin/offline-bundle";
import { newTicketId, parseTicketCode, signTicketCode } from "@/lib/tickets/signing";
import {
  checkWithBundle,
  createVerifier,
  decodeCanonicalBase64url,
  indexBundle,
  parseCode,
  verifyWithLibrary,
  withLocalScans,
} from "./offline-verify";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const publicKeyRaw = publicKey.export({ format: "jwk" }).x!;
const EVENT = "evt_nairobi_2030";
const ticketId = newTicketId();
const code = (claim: Partial<{ ticketId: string; eventId: string; version: number }> = {}) =>
  signTicketCode({ ticketId, eventId: EVENT, version: 1, ...claim }, privateKey);

const bundle = (over: Partial<OfflineBundle> = {}): OfflineBundle => ({
  eventId: EVENT,
  eventName: "Nairobi Tech Summit",
  publicKey: publicKeyRaw,
  generatedAt: new Date().toISOString(),
  tickets: [[ticketId, 1, "Achieng Odhiambo", "Regular", "LG-7K3M", null, null]],
  revoked: [],
  ...over,
});

describe.each([
  ["WebCrypto", true],
  ["@noble/ed25519", false],
])("offline code check with %s", (_name, useWebCrypto) => {
  const verifier = () => createVerifier(EVENT, publicKeyRaw, { useWebCrypto });

  it("admits a genuine code and names the attendee from the bundle", async () => {
    expect(await checkWithBundle(await verifier(), indexBundle(bundle()), code())).toEqual({
      result: "ok",
      ticketId,
      ticket: { id: ticketId, attendeeName: "Achieng Odhiambo", ticketType: "Regular", orderReference: "LG-7K3M" },
    });
  });

  it("refuses the code with any one character changed", async () => {
    const v = await verifier();
    const good = code();
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    for (let i = 0; i < good.length; i++) {
      const other = alphabet[(alphabet.indexOf(good[i]) + 1 + (i % 7)) % alphabet.length];
      const flipped = good.slice(0, i) + other + good.slice(i + 1);
      const answer = await v.verify(flipped);
      // A change inside the 4 tag bytes turns it into "another event's ticket", never into a pass.
      expect(answer.ok, `position ${i}: ${flipped}`).toBe(false);
    }
    expect(await v.verify(good.slice(0, -1))).toEqual({ ok: false, reason: "invalid" });
    expect(await v.verify(`${good}A`)).toEqual({ ok: false, reason: "invalid" });
    expect(await v.verify("not-a-ticket")).toEqual({ ok: false, reason: "invalid" });
  });

  it("says revoked for an older version, and for tickets on the revocation list", async () => {
    const v = await verifier();
    const reissued = indexBundle(
      bundle({ tickets: [[ticketId, 2, "Achieng Odhiambo", "Regular", "LG-7K3M", null, null]] }),
    );
    expect(await checkWithBundle(v, reissued, code({ version: 1 }))).toMatchObject({ result: "revoked", ticketId });
    expect((await checkWithBundle(v, reissued, code({ version: 2 }))).result).toBe("ok");
    const cancelled = indexBundle(bundle({ tickets: [], revoked: [[ticketId, 2, "revoked"]] }));
    expect((await checkWithBundle(v, cancelled, code({ version: 1 }))).result).toBe("revoked");
    const unpaid = indexBundle(bundle({ tickets: [], revoked: [[ticketId, 1, "not_paid"]] }));
    expect((await checkWithBundle(v, unpaid, code())).result).toBe("not_paid");
  });

  it("says wrong_event for another event's genuine ticket, invalid for a code signed by another key", async () => {
    const v = await verifier();
    expect(await checkWithBundle(v, indexBundle(bundle()), code({ eventId: "evt_dar_2030" }))).toEqual({
      result: "wrong_event",
    });
    const stranger = generateKeyPairSync("ed25519").privateKey;
    expect((await v.verify(signTicketCode({ ticketId, eventId: EVENT, version: 1 }, stranger))).ok).toBe(false);
  });

  it("says already in when the bundle knows the ticket was admitted, with when and where", async () => {
    const admitted = indexBundle(
      bundle({
        tickets: [[ticketId, 1, "Achieng Odhiambo", "Regular", "LG-7K3M", "2030-05-01T07:30:00.000Z", "North"]],
      }),
    );
    expect(await checkWithBundle(await verifier(), admitted, code())).toMatchObject({
      result: "already_checked_in",
      checkedInAt: "2030-05-01T07:30:00.000Z",
      gate: "North",
    });
  });

  it("admits a genuine code of a ticket issued after the bundle, and text ids too", async () => {
    const v = await verifier();
    expect(await checkWithBundle(v, indexBundle(bundle()), code({ ticketId: newTicketId() }))).toMatchObject({
      result: "ok",
    });
    expect(await v.verify(code({ ticketId: "seed-ticket-ü-1", version: 300 }))).toEqual({
      ok: true,
      ticketId: "seed-ticket-ü-1",
      version: 300,
    });
  });

  it("refuses everything when the event has no key yet", async () => {
    expect((await (await createVerifier(EVENT, null, { useWebCrypto })).verify(code())).ok).toBe(false);
  });
});

describe("parseCode", () => {
  it("reads exactly what the server's parser reads", () => {
    const samples = [
      code(),
      code({ version: 128 }),
      code({ version: 0x7fffffff }),
      code({ ticketId: "x".repeat(64) }),
      code({ ticketId: "é" }),
    ];
    for (let i = 0; i < 300; i++) {
      const base = samples[i % samples.length];
      const pos = i % base.length;
      samples.push(
        base.slice(0, pos) +
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."[i % 65] +
          base.slice(pos + 1),
      );
    }
    // Random payloads in the right shape exercise the format, length and varint rules.
    for (let i = 0; i < 200; i++)
      samples.push(`${randomBytes(8 + (i % 20)).toString("base64url")}.${randomBytes(64).toString("base64url")}`);
    for (const s of samples) {
      const server = parseTicketCode(s);
      const browser = parseCode(s);
      expect(
        browser && {
          ticketId: browser.ticketId,
          version: browser.version,
          tag: Buffer.from(browser.eventTag).toString("hex"),
        },
        s,
      ).toEqual(server && { ticketId: server.ticketId, version: server.version, tag: server.eventTag.toString("hex") });
    }
  });

  it("accepts only canonical base64url", () => {
    expect(decodeCanonicalBase64url("AQ")).toEqual(Uint8Array.of(1));
    expect(decodeCanonicalBase64url("AR")).toBeNull();
    expect(decodeCanonicalBase64url("AQ==")).toBeNull();
    expect(decodeCanonicalBase64url("A+Q")).toBeNull();
    expect(decodeCanonicalBase64url("A")).toBeNull();
  });

  it("the library fallback refuses a bad signature", async () => {
    expect(await verifyWithLibrary(new Uint8Array(32), new Uint8Array(64), new Uint8Array(1))).toBe(false);
  });
});

describe("withLocalScans", () => {
  it("refuses a second local admission of a ticket, with when and where it was scanned here", async () => {
    const verifier = await createVerifier(EVENT, publicKeyRaw);
    const first = await checkWithBundle(verifier, indexBundle(bundle()), code());
    expect(withLocalScans(first, [])).toEqual(first);
    const scans = [
      { ticketId: "someone-else", localResult: "ok" as const, scannedAt: "2030-05-01T07:00:00.000Z", gate: "South" },
      { ticketId, localResult: "invalid" as const, scannedAt: "2030-05-01T07:10:00.000Z", gate: "South" },
      { ticketId, localResult: "ok" as const, scannedAt: "2030-05-01T07:31:00.000Z", gate: "North" },
    ];
    expect(withLocalScans(first, scans)).toMatchObject({
      result: "already_checked_in",
      checkedInAt: "2030-05-01T07:31:00.000Z",
      gate: "North",
      scannedHere: true,
      ticket: { attendeeName: "Achieng Odhiambo" },
    });
    // Refusals are not changed by what happened here.
    const revoked = { result: "revoked" as const, ticketId };
    expect(withLocalScans(revoked, scans)).toEqual(revoked);
  });
});
