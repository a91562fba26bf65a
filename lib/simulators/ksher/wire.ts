/**
 * Ksher's side of the signature and of its JSON envelope, written from gateways.md §6 (not shared with the
 * adapter): requests are verified with the merchant's public key over every posted field but `sign`;
 * replies and notifications are signed over `data` with Ksher's private key.
 */
import { createSign, createVerify, type KeyObject } from "node:crypto";
import { randomAlnum } from "../ids";
import { json } from "../http";
import { ksherSideKeys } from "../../sandbox-accounts/ksher";

/** Keys in byte order, each `key=value`, glued together without any separator; `sign` is never part of it. */
function message(fields: Record<string, unknown>): string {
  let out = "";
  for (const key of Object.keys(fields).sort()) {
    if (key === "sign") continue;
    const value = fields[key];
    out += key + "=" + (value === undefined || value === null ? "" : String(value));
  }
  return out;
}

export function ksherSign(data: Record<string, unknown>): string {
  return createSign("RSA-MD5").update(message(data), "utf8").sign(ksherSideKeys().ksherPrivateKey, "hex");
}

/** The merchant's signature over a request's form fields. */
export function merchantSignatureValid(fields: Record<string, string>, publicKey: KeyObject): boolean {
  const sign = fields.sign ?? "";
  if (!/^[0-9a-fA-F]+$/.test(sign) || sign.length % 2 !== 0) return false;
  try {
    return createVerify("RSA-MD5").update(message(fields), "utf8").verify(publicKey, sign, "hex");
  } catch {
    return false;
  }
}

/** `2023-03-03T17:27:54.334710+08:00`, the form of Ksher's envelope time stamps (Ksher's servers run on UTC+8). */
export function envelopeTime(at = new Date()): string {
  const t = new Date(at.getTime() + 8 * 3_600_000).toISOString().replace("Z", "");
  return `${t}000+08:00`;
}

/** `2026-12-01 18:05:41` in Bangkok time: `time_end` of a paid order. */
export function bangkokTime(at: number): string {
  return new Date(at + 7 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** A signed envelope as Ksher writes it: code 0 means the call worked; `data.result` is the business answer. */
export function envelope(data: Record<string, unknown>, msg = "ok"): Record<string, unknown> {
  return {
    code: 0,
    data,
    msg,
    message: msg,
    sign: ksherSign(data),
    status_code: "",
    status_msg: "",
    time_stamp: envelopeTime(),
    version: "3.0.0",
  };
}

export function signedReply(data: Record<string, unknown>, msg = "ok"): Response {
  return json(envelope(data, msg));
}

/** A refusal of the call itself (bad signature, unknown appid, missing field): code ≠ 0, nothing signed. */
export function callError(code: number, msg: string): Response {
  return json({
    code,
    data: {},
    msg,
    message: msg,
    sign: "",
    status_code: String(code),
    status_msg: msg,
    time_stamp: envelopeTime(),
    version: "3.0.0",
  });
}

/** A business refusal: code 0 with `result: FAIL` and Ksher's error code, signed like any answer. */
export function failReply(
  appid: string,
  errCode: string,
  errMsg: string,
  extra: Record<string, unknown> = {},
): Response {
  return signedReply({
    appid,
    nonce_str: randomAlnum(32),
    result: "FAIL",
    err_code: errCode,
    err_msg: errMsg,
    ...extra,
  });
}
