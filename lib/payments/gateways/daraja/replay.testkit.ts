/**
 * Test kit: a replay server (node:http on 127.0.0.1, port 0) that answers with the recorded payloads of
 * gateways.md byte for byte. It has no Daraja logic of its own and is not a simulator: each test scripts which
 * recording comes back and inspects what the adapter sent.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayCallRecord, GatewayContext } from "../../types";
import { darajaConfigSchema, DARAJA_SANDBOX, type DarajaConfig } from "./config";

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}
export type Reply = { status: number; body: string; hang?: boolean };

const servers: Array<{ close: () => void }> = [];
/** Call from afterEach: stops every replay server started since the last call. */
export const closeReplays = () => servers.splice(0).forEach((s) => s.close());

export async function replay(route: (req: Seen, seen: Seen[]) => Reply): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const entry = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      seen.push(entry);
      const reply = route(entry, seen);
      if (reply.hang) return; // never answer: the client's timeout must fire
      res.writeHead(reply.status, { "Content-Type": "application/json" }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

export const SECRET = "consumer-secret-that-must-not-leak";
export const KEY = "consumer-key-value";
/** Tokens are cached per (baseUrl, key) for the process: a fresh key per test keeps tests independent. */
let keySerial = 0;
export const CALLBACK_TOKEN = "cbtoken_0123456789abcdef01234567";

export function setup(baseUrl: string, at = new Date("2021-06-28T06:24:08Z")) {
  const config: DarajaConfig = darajaConfigSchema.parse({
    appUrl: "https://lango.example",
    baseUrl,
    consumerKey: `${KEY}-${++keySerial}`,
    consumerSecret: SECRET,
    shortcode: DARAJA_SANDBOX.shortcode,
    passkey: DARAJA_SANDBOX.passkey,
    transactionType: "CustomerPayBillOnline",
    partyB: DARAJA_SANDBOX.shortcode,
    callbackToken: CALLBACK_TOKEN,
    allowedIps: [],
    initiatorName: "testapi",
    securityCredential: "security-credential-secret",
    b2cShortcode: "600997",
    timeoutMs: 300,
  });
  const calls: GatewayCallRecord[] = [];
  const clock = { now: at };
  const ctx: GatewayContext<DarajaConfig> = { config, fetch: globalThis.fetch, now: () => clock.now, recordCall: (c) => calls.push(c) };
  return { ctx, calls, clock };
}

export const oauth = (req: Seen) => req.path.startsWith("/oauth/v1/generate");
export const query = { paymentId: "pay_1", gatewayReference: "ws_CO_13012021093521236557", amount: { amountMinor: 100, currency: "KES" } };

export const initiateInput = {
  paymentId: "pay_1",
  orderReference: "LNG-ABC123",
  amount: { amountMinor: 150_000, currency: "KES" },
  description: "2 tickets, Nairobi Tech Summit",
  customer: { name: "Amina Njeri", email: "amina@example.com", phoneE164: "+254708374149" },
  country: "KE",
  serviceDate: new Date("2021-07-10T07:00:00Z"),
  expiresAt: new Date("2021-06-28T06:39:08Z"),
  returnUrl: "https://lango.example/pay/return/daraja?payment=pay_1",
  callbackUrl: `https://lango.example/api/callbacks/daraja/stk?token=${CALLBACK_TOKEN}`,
};
