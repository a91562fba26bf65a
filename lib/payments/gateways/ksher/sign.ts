/**
 * Ksher's RSA signature (gateways.md §6, the SDKs' `convertData2Str` / `paramData`): the fields sorted by
 * key, `sign` left out, each written `key=value` with no separator at all, signed RSA-MD5 with the
 * signer's private key and sent as lowercase hex. Replies and notifications are signed over their `data`
 * object the same way, with Ksher's key.
 */
import { createSign, createVerify } from "node:crypto";

export type SignedFields = Record<string, unknown>;

/** How a value is written into the signature string: as JavaScript and PHP both print it. */
function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function signatureString(fields: SignedFields): string {
  return Object.keys(fields)
    .filter((key) => key !== "sign")
    .sort()
    .map((key) => `${key}=${text(fields[key])}`)
    .join("");
}

export function signFields(fields: SignedFields, privateKeyPem: string): string {
  const signer = createSign("RSA-MD5");
  signer.update(signatureString(fields), "utf8");
  return signer.sign(privateKeyPem, "hex");
}

/** True only for a well-formed hex signature that Ksher's key made over exactly these fields. */
export function verifyFields(fields: SignedFields, sign: unknown, publicKeyPem: string): boolean {
  if (typeof sign !== "string" || !/^(?:[0-9a-f]{2})+$/i.test(sign)) return false;
  const verifier = createVerify("RSA-MD5");
  verifier.update(signatureString(fields), "utf8");
  try {
    return verifier.verify(publicKeyPem, sign, "hex");
  } catch {
    return false;
  }
}
