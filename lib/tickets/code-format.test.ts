import { describe, expect, it } from "vitest";
import {
  codePayload,
  concatBytes,
  decodeCanonicalBase64url,
  encodeBase64url,
  formatCode,
  MAX_VERSION,
  parseCode,
  sameBytes,
} from "./code-format";

/**
 * The structure the gate phone reads offline, byte by byte: a code it cannot read must be refused, never
 * read as some other ticket or version.
 */
const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => new TextEncoder().encode(s);
const TAG = bytes(0xc6, 0x71, 0x7b, 0xfc);
const SIGNATURE = new Uint8Array(64).fill(7);
const code = (payload: Uint8Array, signature: Uint8Array = SIGNATURE) => formatCode(payload, signature);
const COMPACT_ID = bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

describe("base64url as Lango writes it", () => {
  it("encodes the RFC 4648 test vectors without padding", () => {
    const vectors: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of vectors) {
      expect(encodeBase64url(ascii(plain))).toBe(encoded);
      if (plain) expect(decodeCanonicalBase64url(encoded)).toEqual(ascii(plain));
    }
    // The URL-safe characters, at both ends of the alphabet.
    expect(encodeBase64url(bytes(0xfb, 0xff, 0xbf))).toBe("-_-_");
    expect(decodeCanonicalBase64url("-_-_")).toEqual(bytes(0xfb, 0xff, 0xbf));
    expect(decodeCanonicalBase64url("AAAA")).toEqual(bytes(0, 0, 0));
  });

  it("round-trips every length and every byte value", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let n = 1; n <= 70; n++) {
      const slice = all.subarray(256 - n);
      expect(decodeCanonicalBase64url(encodeBase64url(slice))).toEqual(slice);
    }
    expect(decodeCanonicalBase64url(encodeBase64url(all))).toEqual(all);
  });

  it("refuses other spellings of the same bytes: padding, standard alphabet, stray low bits, impossible lengths", () => {
    for (const text of ["", "Zg==", "Zg=", "+/+/", "Zh", "Zm9", "Z", "Zm9vY", " Zg", "Zg\n"])
      expect(decodeCanonicalBase64url(text), JSON.stringify(text)).toBeNull();
    // "Zm8" is canonical for "fo"; "Zm9" sets bits that 2 bytes do not have.
    expect(decodeCanonicalBase64url("Zm8")).toEqual(ascii("fo"));
  });

  it("compares bytes by length and content", () => {
    expect(sameBytes(bytes(1, 2), bytes(1, 2))).toBe(true);
    expect(sameBytes(bytes(1, 2), bytes(1, 3))).toBe(false);
    expect(sameBytes(bytes(1, 2), bytes(1, 2, 0))).toBe(false);
    expect(sameBytes(bytes(), bytes())).toBe(true);
    expect(concatBytes(bytes(1), bytes(), bytes(2, 3))).toEqual(bytes(1, 2, 3));
  });
});

describe("reading a code's structure", () => {
  it("reads a compact id, the event tag and the version", () => {
    const payload = concatBytes(bytes(0x01), COMPACT_ID, TAG, bytes(0xac, 0x02));
    expect(parseCode(code(payload))).toEqual({
      ticketId: "AAECAwQFBgcICQoL",
      eventTag: TAG,
      version: 300,
      payload,
      signature: SIGNATURE,
    });
  });

  it("reads a text id of 1 to 64 UTF-8 bytes", () => {
    for (const id of ["a", "cmabc123def456ghi789jkl0m", "é".repeat(32), "x".repeat(64)]) {
      const text = ascii(id);
      const parsed = parseCode(code(concatBytes(bytes(0x02, text.length), text, TAG, bytes(0x01))));
      expect(parsed).toMatchObject({ ticketId: id, version: 1, eventTag: TAG });
    }
  });

  it("writes what it reads: payloads built by codePayload parse back to the same id and version", () => {
    for (const [id, version] of [
      ["AAECAwQFBgcICQoL", 1],
      ["AAECAwQFBgcICQoL", 127],
      ["AAECAwQFBgcICQoL", 128],
      ["-AECAwQFBgcICQo_", 16_384],
      ["cmabc123def456ghi789jkl0m", MAX_VERSION],
      // Sixteen characters but not canonical base64url: travels as text.
      ["AAECAwQFBgcICQo=", 2],
      ["AAECAwQFBgcICQoLM", 2],
    ] as const) {
      const payload = codePayload(id, TAG, version);
      expect(parseCode(code(payload))).toMatchObject({ ticketId: id, version, eventTag: TAG });
    }
    expect(codePayload("AAECAwQFBgcICQoL", TAG, 1)).toEqual(concatBytes(bytes(0x01), COMPACT_ID, TAG, bytes(1)));
    expect(codePayload("AAECAwQFBgcICQo=", TAG, 1)[0]).toBe(0x02);
  });

  it("encodes versions as minimal LEB128 and refuses any other spelling or an out-of-range version", () => {
    const withVersion = (...v: number[]) => code(concatBytes(bytes(0x01), COMPACT_ID, TAG, bytes(...v)));
    expect(codePayload("AAECAwQFBgcICQoL", TAG, 128).subarray(-2)).toEqual(bytes(0x80, 0x01));
    expect(codePayload("AAECAwQFBgcICQoL", TAG, MAX_VERSION).subarray(-5)).toEqual(bytes(0xff, 0xff, 0xff, 0xff, 0x07));
    expect(parseCode(withVersion(0xff, 0xff, 0xff, 0xff, 0x07))?.version).toBe(MAX_VERSION);
    expect(parseCode(withVersion(0x7f))?.version).toBe(127);
    for (const v of [
      [0x00], // version 0
      [0x81, 0x00], // 1 with a trailing zero group
      [0x80, 0x80, 0x00],
      [0x80, 0x80, 0x80, 0x80, 0x08], // 2^31
      [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // six groups
      [0x81], // unterminated
      [],
      [0x01, 0x00], // a byte after the version
    ])
      expect(parseCode(withVersion(...v)), JSON.stringify(v)).toBeNull();
  });

  it("refuses payloads that are cut short, overlong or of an unknown format", () => {
    const text = ascii("cmabc");
    for (const payload of [
      bytes(),
      concatBytes(bytes(0x03), COMPACT_ID, TAG, bytes(1)), // unknown format
      concatBytes(bytes(0x00), COMPACT_ID, TAG, bytes(1)),
      concatBytes(bytes(0x01), COMPACT_ID.subarray(1)), // id cut short
      concatBytes(bytes(0x01), COMPACT_ID, TAG.subarray(0, 3)), // tag cut short
      concatBytes(bytes(0x01), COMPACT_ID, TAG), // no version
      concatBytes(bytes(0x02, 0), TAG, bytes(1)), // empty text id
      concatBytes(bytes(0x02, 65), ascii("x".repeat(65)), TAG, bytes(1)), // text id too long
      concatBytes(bytes(0x02, 6), text, TAG.subarray(0, 1)), // length beyond the payload
      concatBytes(bytes(0x02)), // no length
      concatBytes(bytes(0x02, 2, 0xc3, 0x28), TAG, bytes(1)), // not UTF-8
    ])
      expect(parseCode(code(payload)), Array.from(payload).join(",")).toBeNull();
    // A leading BOM is part of the id, not dropped: the id read is the id signed.
    const bom = parseCode(code(concatBytes(bytes(0x02, 4, 0xef, 0xbb, 0xbf, 0x61), TAG, bytes(1))));
    expect(bom?.ticketId).toBe("\uFEFFa");
  });

  it("refuses a signature of the wrong size and codes that are not two parts", () => {
    const payload = concatBytes(bytes(0x01), COMPACT_ID, TAG, bytes(1));
    expect(parseCode(code(payload, SIGNATURE.subarray(1)))).toBeNull();
    expect(parseCode(code(payload, concatBytes(SIGNATURE, bytes(0))))).toBeNull();
    const good = code(payload);
    expect(parseCode(good)).not.toBeNull();
    for (const bad of [`${good}.`, good.replace(".", ""), `.${good}`, good.split(".")[0], `${good}.${good}`])
      expect(parseCode(bad)).toBeNull();
    expect(parseCode(42 as unknown as string)).toBeNull();
    expect(parseCode(`${good}${"A".repeat(200)}`)).toBeNull();
  });
});
