import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { eventSigningKeys, findEventKeys, parseSigningKey } from "./keys";
import { signTicketCode, verifyTicketCode } from "./signing";

const { privateKey } = generateKeyPairSync("ed25519");
const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const der = privateKey.export({ format: "der", type: "pkcs8" });
const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
const publicRaw = privateKey.export({ format: "jwk" }).x!;
// With TICKET_SIGNING_KEY set the database is never asked.
const noDb = new Proxy(
  {},
  {
    get: () => {
      throw new Error("database used");
    },
  },
) as unknown as Db;

describe("TICKET_SIGNING_KEY", () => {
  it.each([
    ["PEM", pem],
    ["PEM with \\n escapes (one-line .env)", pem.trim().replace(/\n/g, "\\n")],
    ["base64 of the 32-byte key", seed.toString("base64")],
    ["base64url of the 32-byte key", seed.toString("base64url")],
    ["base64 of the PKCS#8 DER", der.toString("base64")],
  ])("reads %s", (_, text) => {
    const key = parseSigningKey(text);
    expect(key.export({ format: "jwk" }).x).toBe(publicRaw);
  });

  it("refuses other keys and text, without echoing it", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    expect(() => parseSigningKey(rsa)).toThrow(/must be an Ed25519 key/);
    expect(() => parseSigningKey("not a key at all")).toThrow(/not a readable Ed25519 private key/);
    expect(() => parseSigningKey(Buffer.alloc(31, 7).toString("base64"))).toThrow(/not a readable/);
    try {
      parseSigningKey("c2VjcmV0LXNlY3JldA==");
    } catch (err) {
      expect(String(err)).not.toContain("c2VjcmV0");
    }
  });

  it("signs for every event when set, and binds each code to its event", async () => {
    const env = { TICKET_SIGNING_KEY: seed.toString("base64") };
    const a = await eventSigningKeys(noDb, "event-a", env);
    const b = await findEventKeys(noDb, "event-b", env);
    expect(a.source).toBe("env");
    expect(a.publicKeyRaw).toBe(publicRaw);
    expect(b?.publicKeyRaw).toBe(publicRaw);
    const code = signTicketCode({ ticketId: "t1", eventId: "event-a", version: 1 }, a.privateKey);
    expect(verifyTicketCode(code, "event-a", b!.publicKey)).not.toBeNull();
    expect(verifyTicketCode(code, "event-b", b!.publicKey)).toBeNull();
  });
});
