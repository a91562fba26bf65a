import "server-only";
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import type { Db, DbTx } from "../db/client";
import { readEnv } from "../env";

/** The keys that sign and verify one event's ticket codes. */
export interface EventKeys {
  eventId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw 32-byte Ed25519 public key, base64url: what an offline scanner is given. */
  publicKeyRaw: string;
  /** "env": TICKET_SIGNING_KEY signs for every event; "database": the event's own generated pair. */
  source: "env" | "database";
}

type Client = Db | DbTx;
type Env = Record<string, string | undefined>;

/**
 * The event's signing keys, generated and stored on first use. Two first uses at once end with one key:
 * the insert does nothing when a row for the event already exists, and both read the row that won.
 * With TICKET_SIGNING_KEY set, that key signs for every event and nothing is stored.
 */
export async function eventSigningKeys(db: Client, eventId: string, env: Env = process.env): Promise<EventKeys> {
  const fromEnv = envKeys(eventId, env);
  if (fromEnv) return fromEnv;
  const existing = await findStoredKeys(db, eventId);
  if (existing) return existing;
  const pair = generateRawKeyPair();
  await db.$executeRaw`
    INSERT INTO "EventSigningKey" ("id", "eventId", "publicKey", "privateKey", "createdAt")
    VALUES (${randomUUID()}, ${eventId}, ${pair.publicKey}, ${pair.privateKey}, ${new Date()})
    ON CONFLICT ("eventId") DO NOTHING`;
  const stored = await findStoredKeys(db, eventId);
  if (!stored) throw new Error(`Signing key for event ${eventId} vanished after it was stored`);
  return stored;
}

/**
 * The keys that can verify the event's codes, or null when none exist yet (then no genuine code for the
 * event exists either). Never creates a key, so a scan of garbage writes nothing.
 */
export async function findEventKeys(db: Client, eventId: string, env: Env = process.env): Promise<EventKeys | null> {
  return envKeys(eventId, env) ?? findStoredKeys(db, eventId);
}

async function findStoredKeys(db: Client, eventId: string): Promise<EventKeys | null> {
  const row = await db.eventSigningKey.findUnique({
    where: { eventId },
    select: { publicKey: true, privateKey: true },
  });
  if (!row) return null;
  return {
    eventId,
    privateKey: createPrivateKey({
      key: { kty: "OKP", crv: "Ed25519", d: row.privateKey, x: row.publicKey },
      format: "jwk",
    }),
    publicKey: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: row.publicKey }, format: "jwk" }),
    publicKeyRaw: row.publicKey,
    source: "database",
  };
}

/** A fresh Ed25519 pair as raw base64url keys (the EventSigningKey columns). */
export function generateRawKeyPair(): { publicKey: string; privateKey: string } {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  return { publicKey: jwk.x!, privateKey: jwk.d! };
}

let envKeyCache: { text: string; privateKey: KeyObject; publicKey: KeyObject; publicKeyRaw: string } | undefined;

function envKeys(eventId: string, env: Env): EventKeys | null {
  const text = readEnv(env).TICKET_SIGNING_KEY;
  if (!text) return null;
  if (envKeyCache?.text !== text) {
    const privateKey = parseSigningKey(text);
    const publicKey = createPublicKey(privateKey);
    envKeyCache = { text, privateKey, publicKey, publicKeyRaw: publicKey.export({ format: "jwk" }).x! };
  }
  const { privateKey, publicKey, publicKeyRaw } = envKeyCache;
  return { eventId, privateKey, publicKey, publicKeyRaw, source: "env" };
}

// PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * Reads TICKET_SIGNING_KEY. Accepted forms:
 *  - PEM PKCS#8 ("-----BEGIN PRIVATE KEY-----", as `openssl genpkey -algorithm ed25519` writes it), with
 *    real line breaks or "\n" escapes (one-line .env files);
 *  - base64 or base64url of the 32-byte raw private key (seed);
 *  - base64 or base64url of the 48-byte PKCS#8 DER.
 * The error never repeats the key.
 */
export function parseSigningKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.includes("-----BEGIN")) {
      key = createPrivateKey(trimmed.replace(/\\n/g, "\n"));
    } else {
      if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error("not base64");
      const bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
      const der = bytes.length === 32 ? Buffer.concat([PKCS8_ED25519_PREFIX, bytes]) : bytes;
      key = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    }
  } catch {
    throw new Error(
      "TICKET_SIGNING_KEY is not a readable Ed25519 private key (PEM PKCS#8, or base64 of the 32-byte key).",
    );
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`TICKET_SIGNING_KEY must be an Ed25519 key, not ${key.asymmetricKeyType ?? "an unknown type"}.`);
  }
  return key;
}
