import "server-only";
import { AppError } from "../errors";
import { readEnv } from "../env";
import { GATEWAYS } from "./gateways";
import {
  GATEWAY_IDS,
  type Gateway,
  type GatewayId,
  type InPersonPayments,
  type PaymentsEnv,
  type UnpromptedPayments,
} from "./types";

export type { PaymentsEnv, RefundResultClaim } from "./types";

export function paymentsEnv(vars: Record<string, string | undefined> = process.env): PaymentsEnv {
  const env = readEnv(vars);
  return { mode: env.PAYMENTS_MODE, appUrl: env.APP_URL.replace(/\/+$/, ""), vars };
}

/** A gateway as the service holds it: the config it is handed is the one its own loadConfig read. */
export type RegisteredGateway = Gateway<unknown>;

const REGISTRY = new Map<string, RegisteredGateway>(GATEWAYS.map((g) => [g.id, g]));

/** Gateways whose attempt rings the buyer's phone (flow "push"): one open prompt per order at a time. */
export const PUSH_GATEWAY_IDS: readonly string[] = GATEWAYS.flatMap((g) => (g.flow === "push" ? [g.id] : []));

/** Whether money taken through the gateway can go back: through its API, or over the desk it was paid at. */
export function gatewayRefunds(id: string): boolean {
  const g = REGISTRY.get(id);
  return !!g && (!!g.inPerson || typeof g.refund === "function");
}

/** How a gateway takes money in person, whether or not it is enabled now (money taken earlier goes back the same way). */
export function inPersonPayments(id: string): InPersonPayments | undefined {
  return REGISTRY.get(id)?.inPerson;
}

/** Gateways whose payments can arrive without a prompt (paybill), for the reconciler to ask about. */
export function unpromptedGateways(): { id: GatewayId; unprompted: UnpromptedPayments<unknown> }[] {
  return GATEWAYS.flatMap((g) => (g.unprompted ? [{ id: g.id, unprompted: g.unprompted }] : []));
}

/** Gateways for which asking again about an unanswered refund is safe (see Gateway.resendsUnansweredRefunds). */
export const REFUND_RESENDING_GATEWAY_IDS: readonly string[] = GATEWAYS.flatMap((g) =>
  g.resendsUnansweredRefunds ? [g.id] : [],
);

/** Gateways that report a refund's end by a notification of their own (Daraja's Results); others never do. */
export const REFUND_REPORTING_GATEWAY_IDS: readonly string[] = GATEWAYS.flatMap((g) =>
  g.parseRefundResult ? [g.id] : [],
);

export function isGatewayId(id: string): id is GatewayId {
  return (GATEWAY_IDS as readonly string[]).includes(id) && REGISTRY.has(id);
}

/** Read from the environment each time (a zod parse): cheap, and never stale after a change of settings. */
function configFor(g: RegisteredGateway, env: PaymentsEnv): unknown | null {
  return g.loadConfig(env.vars, { mode: env.mode, appUrl: env.appUrl }) ?? null;
}

export interface Resolved {
  gateway: RegisteredGateway;
  config: unknown;
}

/** Where a gateway should post its notifications for this app (with any URL secret it checks). */
export function notificationUrl({ gateway, config }: Resolved, appUrl: string): string {
  return gateway.callbackUrl?.(appUrl, config) ?? `${appUrl}/api/callbacks/${gateway.id}`;
}

/** Gateways a buyer can use for an event: configured (or simulated) and able to take its currency there. */
export function enabledGateways(q: { currency: string; country: string }, env: PaymentsEnv) {
  const home = (g: RegisteredGateway) => (g.homeMarkets?.includes(q.country.toUpperCase()) ? 0 : 1);
  // A stable sort: the country's own way to pay first, then the registry's order.
  return [...GATEWAYS]
    .filter((g) => g.supports(q) && configFor(g, env) !== null)
    .sort((a, b) => home(a) - home(b))
    .map((g) => ({
      id: g.id,
      displayName: g.displayName,
      flow: g.flow,
      methods: g.methods(q),
      ...(g.paysWith && { paysWith: g.paysWith(q) }),
    }));
}

/** A gateway for a new payment on an order in this currency and country, or a 422 saying why not. */
export function resolveGateway(id: string, q: { currency: string; country: string }, env: PaymentsEnv): Resolved {
  const g = REGISTRY.get(id);
  const config = g ? configFor(g, env) : null;
  if (!g || config === null || !g.supports(q)) {
    const names =
      enabledGateways(q, env)
        .map((x) => x.id)
        .join(", ") || "none";
    throw new AppError(
      "gateway_not_enabled",
      `Payment method "${id}" is not available for this order. Available: ${names}.`,
    );
  }
  return { gateway: g, config };
}

/** A gateway by id for work on an existing payment (status, callbacks, refunds). */
export function gatewayById(id: string, env: PaymentsEnv): Resolved {
  const g = REGISTRY.get(id);
  const config = g ? configFor(g, env) : null;
  if (!g || config === null) throw new AppError("gateway_not_configured", `Gateway "${id}" is not configured.`);
  return { gateway: g, config };
}
