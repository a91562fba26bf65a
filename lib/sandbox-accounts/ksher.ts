/**
 * The simulated Ksher's one merchant account, as its merchant portal hands it out: an appid, the
 * merchant's private key (Ksher's portal issues the key pair; merchants download `Mch…_PrivateKey.pem`)
 * and Ksher's own public key. The key pairs are throwaway: generated once per process, never written to
 * disk or to the simulator ledger, so no private key exists anywhere but in memory.
 *
 * This is key material, not protocol code: the adapter signs and verifies with its own code, and so does
 * the simulator, so a disagreement about the signature string still shows up on the wire.
 *
 * It lives outside both lib/simulators and lib/payments because both sides hold half of the account, like
 * the merchant portal that issues it: the adapter's config reads the merchant's half, the simulated Ksher
 * its own, and neither imports the other (the import zones in eslint.config.mjs forbid it).
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export const KSHER_SANDBOX_APPID = "mch35000";

interface Pair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

interface SandboxKeys {
  /** Ksher signs its replies and notifications with this one. */
  ksher: Pair;
  /** The merchant signs its requests with this one; Ksher verifies with its public half. */
  merchant: Pair;
  /** The merchant's download, exported once (the config is read on every request). */
  credentials: { appid: string; privateKey: string; ksherPublicKey: string };
}

const GLOBAL_KEY = "__langoKsherSandboxKeys";

function keys(): SandboxKeys {
  // On globalThis: Next bundles the /sim route and the app's routes separately, and both must see one pair.
  const g = globalThis as unknown as Record<string, SandboxKeys | undefined>;
  if (!g[GLOBAL_KEY]) {
    const ksher = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const merchant = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const credentials = {
      appid: KSHER_SANDBOX_APPID,
      privateKey: merchant.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      ksherPublicKey: ksher.publicKey.export({ type: "pkcs1", format: "pem" }).toString(),
    };
    g[GLOBAL_KEY] = { ksher, merchant, credentials };
  }
  return g[GLOBAL_KEY];
}

/** What the merchant holds: the appid, its private key and Ksher's public key, as PEM text. */
export function ksherSandboxCredentials(): { appid: string; privateKey: string; ksherPublicKey: string } {
  return { ...keys().credentials };
}

/** What the simulated Ksher holds: its own private key and each merchant's public key. */
export function ksherSideKeys(): { ksherPrivateKey: KeyObject; merchantPublicKeys: Record<string, KeyObject> } {
  const k = keys();
  return { ksherPrivateKey: k.ksher.privateKey, merchantPublicKeys: { [KSHER_SANDBOX_APPID]: k.merchant.publicKey } };
}
