/**
 * Test kit of the Daraja client tests: the recorded payloads of gateways.md, served byte for byte by the
 * shared replay server (../replay.testkit.ts), and a context whose config gets a fresh consumer key per test.
 */
import { readFileSync } from "node:fs";
import { recordingContext, type Seen } from "../replay.testkit";
import { darajaConfigSchema, DARAJA_SANDBOX, type DarajaConfig } from "./config";

export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

export { closeReplays, replay, type Reply, type Seen } from "../replay.testkit";

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
  const clock = { now: at };
  const { ctx, calls } = recordingContext(config, () => clock.now);
  return { ctx, calls, clock };
}

export const oauth = (req: Seen) => req.path.startsWith("/oauth/v1/generate");
export const query = {
  paymentId: "pay_1",
  gatewayReference: "ws_CO_13012021093521236557",
  amount: { amountMinor: 100, currency: "KES" },
};

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
