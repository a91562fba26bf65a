/**
 * Ksher's API over HTTP (gateways.md §6): every request is a signed `application/x-www-form-urlencoded`
 * POST carrying appid, nonce_str and time_stamp; every reply is JSON whose `data` is signed by Ksher when
 * `code` is 0. A reply whose signature does not verify is never read: it could say anything.
 */
import { createPublicKey, randomInt } from "node:crypto";
import { z } from "zod";
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type Interpreted } from "../http";
import type { KsherConfig } from "./config";
import { signFields, verifyFields } from "./sign";
import { field, type KsherData } from "./transform";

export const replySchema = z
  .object({
    code: z.union([z.number(), z.string()]),
    msg: z.string().optional(),
    message: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    sign: z.string().optional(),
  })
  .loose();

export type KsherReply = z.infer<typeof replySchema>;

export interface KsherCall<T> {
  operation: "gateway_pay" | "gateway_order_query" | "cancel_order" | "order_refund";
  fields: Record<string, string>;
  paymentId?: string;
  /** Reads a verified reply with code 0. */
  interpret: (data: KsherData, reply: KsherReply) => Interpreted<T>;
}

const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function nonce(): string {
  let out = "";
  for (let i = 0; i < 32; i++) out += NONCE_ALPHABET[randomInt(NONCE_ALPHABET.length)];
  return out;
}

/** `YYYYMMDDHHmmss` in Bangkok time (UTC+7 all year), as in Ksher's examples ("20190622131804"). */
export function ksherTimestamp(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().replace(/\D/g, "").slice(0, 14);
}

const keyBits = new Map<string, number>();
/** Ksher's 2048-bit key is used when the request says `ksher-sign-version: V2` (gateways.md §6). */
function signVersionHeader(publicKeyPem: string): Record<string, string> {
  let bits = keyBits.get(publicKeyPem);
  if (bits === undefined) {
    bits = createPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength ?? 0;
    keyBits.set(publicKeyPem, bits);
  }
  return bits >= 2048 ? { "ksher-sign-version": "V2" } : {};
}

export function isZeroCode(code: KsherReply["code"]): boolean {
  return code === 0 || code === "0";
}

export async function ksherCall<T>(ctx: GatewayContext<KsherConfig>, call: KsherCall<T>): Promise<T> {
  const base = call.operation === "order_refund" ? ctx.config.payUrl : ctx.config.gatewayUrl;
  const fields: Record<string, string> = {
    appid: ctx.config.appid,
    nonce_str: nonce(),
    time_stamp: ksherTimestamp(ctx.now()),
    ...call.fields,
  };
  const body = new URLSearchParams({ ...fields, sign: signFields(fields, ctx.config.privateKey) }).toString();
  return gatewayFetch(ctx, {
    gateway: "ksher",
    operation: call.operation,
    method: "POST",
    url: `${base}/${call.operation}`,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      ...signVersionHeader(ctx.config.ksherPublicKey),
    },
    body,
    paymentId: call.paymentId,
    timeoutMs: ctx.config.timeoutMs,
    redact: [ctx.config.privateKey],
    interpret: (res) => {
      if (res.status >= 500) throw unavailable("ksher", res.status);
      const reply = replySchema.parse(parseJsonBody("ksher", res));
      if (!isZeroCode(reply.code)) {
        const code = String(reply.code);
        throw new GatewayError(
          "ksher",
          "rejected",
          `${call.operation} code ${code}: ${reply.msg ?? reply.message ?? "refused"}`,
          {
            gatewayCode: code,
            httpStatus: res.status,
          },
        );
      }
      const data = reply.data ?? {};
      if (!verifyFields(data, reply.sign, ctx.config.ksherPublicKey)) {
        throw new GatewayError(
          "ksher",
          "malformed_response",
          `${call.operation}: reply signature does not verify with Ksher's key`,
          {
            gatewayCode: "VERIFY_KSHER_SIGN_FAIL",
            httpStatus: res.status,
          },
        );
      }
      const out = call.interpret(data, reply);
      return { resultCode: field(data, "result") ?? String(reply.code), ...out };
    },
  });
}
