/**
 * The MTN MoMo Collections gateway (gateways.md §3): RequestToPay puts a prompt on the payer's phone, the
 * status GET is the truth, and the callback (unsigned, sent once, POST or PUT) only makes us ask sooner.
 *
 * No refund and no cancel: the Collections API has neither (gateways.md §3 documents none), so a refund
 * of an MTN payment is recorded as failed with the reason, and the organiser pays the buyer back by hand.
 */
import type { AckOutcome, Gateway, NotificationAck } from "../../types";
import { plainAck } from "../ack";
import { configFromEnv, type MtnMomoConfig } from "./config";
import { requestToPay, requestToPayStatus } from "./collections";
import { mtnSupports } from "./markets";
import { parseCallback } from "./transform";

export {
  configFromEnv as mtnMomoConfigFromEnv,
  mtnMomoConfigSchema,
  MTN_SANDBOX_BASE_URL,
  MTN_SIMULATOR_CREDENTIALS,
  type MtnMomoConfig,
} from "./config";
export { MTN_MARKETS, mtnSupports } from "./markets";
export { FAILURE_REASONS, failureOutcome } from "./codes";
export { parseCallback as parseMtnMomoCallback } from "./transform";

function callbackAck(outcome: AckOutcome): NotificationAck {
  // MTN sends once and reads nothing back; a refusal is only there for the call log and for probers.
  return plainAck(outcome);
}

export const mtnMomoGateway: Gateway<MtnMomoConfig> = {
  id: "mtn-momo",
  displayName: "MTN MoMo",
  flow: "push",
  methods: () => [],
  // MTN MoMo is the largest mobile-money network in each of these.
  homeMarkets: ["UG", "RW", "GH", "ZM"],
  loadConfig: configFromEnv,
  supports: ({ currency, country }) => mtnSupports(currency, country),
  initiate: requestToPay,
  getStatus: requestToPayStatus,
  // Nothing to check: MTN signs nothing (gateways.md §3), so every claim is confirmed with the status GET.
  verifyCallback: () => ({ ok: true, anonymous: true }),
  parseCallback: (req) => parseCallback(req.rawBody),
  callbackAck,
};
