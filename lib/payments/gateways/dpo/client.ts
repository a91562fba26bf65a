/**
 * DPO's XML API over HTTP: one POST of an `<API3G>` document per operation (gateways.md §2). Transport
 * failures and unreadable replies become GatewayErrors here; what a Result code means is the caller's call.
 */
import type { GatewayContext } from "../../types";
import { gatewayFetch, unavailable, type Interpreted } from "../http";
import type { DpoConfig } from "./config";
import { buildApi3g, parseApi3g, type Api3gReply, type XmlNode } from "./xml";

export interface DpoCall<T> {
  operation: string;
  fields: XmlNode;
  paymentId?: string;
  /** Reads a well-formed reply; its Result is recorded as the call's result code. */
  interpret: (reply: Api3gReply) => Interpreted<T>;
}

export async function dpoCall<T>(ctx: GatewayContext<DpoConfig>, call: DpoCall<T>): Promise<T> {
  return gatewayFetch(ctx, {
    gateway: "dpo",
    operation: call.operation,
    method: "POST",
    url: ctx.config.apiUrl,
    headers: { "Content-Type": "application/xml; charset=utf-8", Accept: "application/xml" },
    body: buildApi3g(call.fields),
    paymentId: call.paymentId,
    timeoutMs: ctx.config.timeoutMs,
    redact: [ctx.config.companyToken],
    redactFields: ["CompanyToken"],
    interpret: (res) => {
      if (res.status >= 500) throw unavailable("dpo", res.status);
      // DPO answers 200 even for refusals; a 4xx is read like any reply and only fails if it is not API3G.
      const reply = parseApi3g(res.text);
      return { resultCode: reply.Result, ...call.interpret(reply) };
    },
  });
}
