import "server-only";
import { AppError } from "../errors";
import { readEnv } from "../env";
import { darajaConfigFromEnv, darajaGateway, parseRefundResult as parseDarajaRefundResult, type DarajaConfig } from "./gateways/daraja";
import { airtelConfigFromEnv, airtelGateway, type AirtelConfig } from "./gateways/airtel";
import { dpoConfigFromEnv, dpoGateway, type DpoConfig } from "./gateways/dpo";
import { flutterwaveConfigFromEnv, flutterwaveGateway, flutterwaveMethods, type FlutterwaveConfig } from "./gateways/flutterwave";
import { mtnMomoConfigFromEnv, mtnMomoGateway, type MtnMomoConfig } from "./gateways/mtn-momo";
import { cashConfigFromEnv, cashGateway, type CashConfig } from "./gateways/cash";
import { KSHER_CHANNELS, ksherConfigFromEnv, ksherGateway, type KsherConfig } from "./gateways/ksher";
import { GATEWAY_IDS, type Gateway, type GatewayId, type NotificationRequest } from "./types";

export interface PaymentsEnv {
  mode: "simulator" | "live";
  appUrl: string;
  vars: Record<string, string | undefined>;
}

export function paymentsEnv(vars: Record<string, string | undefined> = process.env): PaymentsEnv {
  const env = readEnv(vars);
  return { mode: env.PAYMENTS_MODE, appUrl: env.APP_URL.replace(/\/+$/, ""), vars };
}

/** A refund's final result as reported by the gateway (Daraja's B2C / reversal result URLs). */
export type RefundResultClaim =
  | { type: "refund"; gatewayReference: string; refundId?: string; succeeded: boolean; reason?: string }
  | { type: "ignored"; reason: string };

/** What the service needs around an adapter: how it collects, how its config is read, refund results. */
export interface RegisteredGateway<C = unknown> extends Gateway<C> {
  /**
   * push: the buyer approves on their phone; redirect: the buyer pays on the gateway's page; desk: the
   * buyer pays in person later, and the order is held for the event's offline-payment window meanwhile.
   */
  flow: "push" | "redirect" | "desk";
  /** Options the buyer can pick within the gateway (DPO mobile-money networks, cards). */
  methods: (q: { currency: string; country: string }) => { id: string; label: string }[];
  loadConfig(vars: Record<string, string | undefined>, opts: { mode: "simulator" | "live"; appUrl: string }): C | null;
  refundResultKinds?: string[];
  parseRefundResult?(req: NotificationRequest): RefundResultClaim;
}

const DPO_METHODS: Record<string, { id: string; label: string }[]> = {
  TZ: [
    { id: "mpesa", label: "Vodacom M-Pesa" },
    { id: "tigo", label: "Mixx by Yas (Tigo Pesa)" },
    { id: "airtel", label: "Airtel Money" },
  ],
  KE: [
    { id: "mpesa", label: "M-Pesa" },
    { id: "airtel", label: "Airtel Money" },
  ],
};

const daraja: RegisteredGateway<DarajaConfig> = {
    ...darajaGateway,
    flow: "push",
    methods: () => [],
    loadConfig: darajaConfigFromEnv,
    refundResultKinds: ["b2c-result", "reversal-result", "timeout"],
    parseRefundResult(req) {
      const r = parseDarajaRefundResult(req.kind as "b2c-result" | "reversal-result" | "timeout", req.rawBody);
      if (!r) return { type: "ignored", reason: "not a Daraja Result envelope" };
      return { type: "refund", gatewayReference: r.conversationId, refundId: r.originatorConversationId, succeeded: r.status === "succeeded", reason: r.failureReason };
    },
};

const dpo: RegisteredGateway<DpoConfig> = {
  ...dpoGateway,
  flow: "redirect",
  methods: ({ country }) => [{ id: "card", label: "Card" }, ...(DPO_METHODS[country] ?? [])],
  loadConfig: dpoConfigFromEnv,
};

const mtnMomo: RegisteredGateway<MtnMomoConfig> = {
  ...mtnMomoGateway,
  flow: "push",
  methods: () => [],
  loadConfig: mtnMomoConfigFromEnv,
};

const ksher: RegisteredGateway<KsherConfig> = {
  ...ksherGateway,
  flow: "redirect",
  methods: () => KSHER_CHANNELS.map((c) => ({ id: c.id, label: c.label })),
  loadConfig: ksherConfigFromEnv,
};

const cash: RegisteredGateway<CashConfig> = {
  ...cashGateway,
  flow: "desk",
  methods: () => [],
  loadConfig: cashConfigFromEnv,
};

const airtel: RegisteredGateway<AirtelConfig> = {
  ...airtelGateway,
  flow: "push",
  methods: () => [],
  loadConfig: airtelConfigFromEnv,
};

const flutterwave: RegisteredGateway<FlutterwaveConfig> = {
  ...flutterwaveGateway,
  flow: "redirect",
  methods: flutterwaveMethods,
  loadConfig: flutterwaveConfigFromEnv,
};

// Each adapter is typed with its own config; the service only hands a gateway the config it loaded.
const REGISTRY = { daraja, dpo, "mtn-momo": mtnMomo, airtel, ksher, cash, flutterwave } as unknown as Partial<Record<GatewayId, RegisteredGateway<unknown>>>;

/** Gateways whose attempt rings the buyer's phone (flow "push"): one open prompt per order at a time. */
export const PUSH_GATEWAY_IDS: readonly string[] = Object.values(REGISTRY).flatMap((g) => (g?.flow === "push" ? [g.id] : []));

/** Whether money taken through the gateway can go back through its API (cash goes back at the desk). */
export function gatewayRefunds(id: string): boolean {
  return id === "cash" || (isGatewayId(id) && typeof REGISTRY[id]?.refund === "function");
}

export function isGatewayId(id: string): id is GatewayId {
  return (GATEWAY_IDS as readonly string[]).includes(id) && id in REGISTRY;
}

/** Read from the environment each time (a zod parse): cheap, and never stale after a change of settings. */
function configFor(g: RegisteredGateway<unknown>, env: PaymentsEnv): unknown | null {
  return g.loadConfig(env.vars, { mode: env.mode, appUrl: env.appUrl }) ?? null;
}

export interface Resolved {
  gateway: RegisteredGateway<unknown>;
  config: unknown;
}

/** Where a gateway should post its notifications for this app (with any URL secret it checks). */
export function notificationUrl({ gateway, config }: Resolved, appUrl: string): string {
  return gateway.callbackUrl?.(appUrl, config) ?? `${appUrl}/api/callbacks/${gateway.id}`;
}

/** Gateways a buyer can use for an event: configured (or simulated) and able to take its currency there. */
export function enabledGateways(q: { currency: string; country: string }, env: PaymentsEnv) {
  return Object.values(REGISTRY)
    .filter((g) => g.supports(q) && configFor(g, env) !== null)
    .map((g) => ({ id: g.id, displayName: g.displayName, flow: g.flow, methods: g.methods(q) }));
}

/** A gateway for a new payment on an order in this currency and country, or a 422 saying why not. */
export function resolveGateway(id: string, q: { currency: string; country: string }, env: PaymentsEnv): Resolved {
  const g = isGatewayId(id) ? (REGISTRY[id]) : undefined;
  const config = g ? configFor(g, env) : null;
  if (!g || config === null || !g.supports(q)) {
    const names = enabledGateways(q, env).map((x) => x.id).join(", ") || "none";
    throw new AppError("gateway_not_enabled", `Payment method "${id}" is not available for this order. Available: ${names}.`, 422);
  }
  return { gateway: g, config };
}

/** A gateway by id for work on an existing payment (status, callbacks, refunds). */
export function gatewayById(id: string, env: PaymentsEnv): Resolved {
  const g = isGatewayId(id) ? (REGISTRY[id]) : undefined;
  const config = g ? configFor(g, env) : null;
  if (!g || config === null) throw new AppError("gateway_not_enabled", `Gateway "${id}" is not configured.`, 404);
  return { gateway: g, config };
}
