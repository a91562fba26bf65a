/**
 * Cash at the organiser's desk. There is no wire and no simulator: the buyer chooses "Pay at the desk",
 * the order is held for the event's offline-payment window (desk.ts), and an admin records the money
 * with its receipt-book number (record.ts, reached from the admin's order page through `inPerson`). The
 * desk is the truth, so the status is what the desk recorded, read from the database by the core
 * (recorded-status.ts).
 */
import { formatMoney } from "../../../money";
import { recordedStatus } from "../../recorded-status";
import type { Gateway, InitiateInput, InitiateResult, NotificationAck } from "../../types";

export interface CashConfig {
  /** Where buyers pay, as shown in the instructions ("the registration desk at the venue"). */
  deskLocation: string;
}

const DEFAULT_DESK = "the organiser's registration desk at the venue";

/**
 * Offered in simulator mode always, and in live mode only when `CASH_AT_DESK=true`: taking cash needs
 * people at a desk, which only the organiser can promise.
 */
export function cashConfigFromEnv(
  env: Record<string, string | undefined>,
  opts: { mode: "simulator" | "live" },
): CashConfig | null {
  const enabled = opts.mode === "simulator" || env.CASH_AT_DESK?.trim().toLowerCase() === "true";
  if (!enabled) return null;
  return { deskLocation: env.CASH_DESK_LOCATION?.trim() || DEFAULT_DESK };
}

/** The buyer's instructions: where, what to bring, how much, by when. */
export function deskInstructions(
  input: Pick<InitiateInput, "orderReference" | "amount" | "expiresAt">,
  config: CashConfig,
): string {
  return (
    `Pay ${formatMoney(input.amount.amountMinor, input.amount.currency)} in cash at ${config.deskLocation} before your hold ends. ` +
    `Give the order reference ${input.orderReference}; you get a receipt, and your tickets by e-mail.`
  );
}

/** The desk only moves after its payment was decided: look every few minutes, not every two seconds. */
const DESK_POLL_MS = 60_000;

async function initiateDesk(input: InitiateInput, ctx: { config: CashConfig }): Promise<InitiateResult> {
  return {
    // No reference until the desk writes a receipt: the reconciler then expires the attempt with its hold.
    gatewayReference: "",
    status: "pending",
    nextAction: {
      type: "await_customer",
      message: deskInstructions(input, ctx.config),
      pollAfterMs: DESK_POLL_MS,
      expiresAt: input.expiresAt.toISOString(),
    },
  };
}

const noNotifications: NotificationAck = {
  status: 404,
  contentType: "application/json",
  body: JSON.stringify({ error: { code: "not_found", message: "Cash payments have no notifications." } }),
};

export const cashGateway: Gateway<CashConfig> = {
  id: "cash",
  displayName: "Cash at the desk",
  flow: "desk",
  methods: () => [],
  loadConfig: cashConfigFromEnv,
  // Any currency the event sells in: the desk takes the notes of the country it stands in.
  supports: () => true,
  initiate: initiateDesk,
  getStatus: recordedStatus,
  verifyCallback: () => ({ ok: false, reason: "cash has no notifications" }),
  parseCallback: () => ({ type: "ignored", reason: "cash has no notifications" }),
  callbackAck: () => noNotifications,
  // Loaded on use: these need the database, which the adapter itself never imports.
  inPerson: {
    holdOrder: async (db, orderId, now) => (await import("./desk")).holdForDesk(db, orderId, now),
    recorded: async (db, receipt) => (await import("./record")).recordedCash(db, receipt),
    record: async (db, input, env, now) => (await import("./record")).recordCash(db, input, env, now),
  },
};
