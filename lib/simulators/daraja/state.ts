/** What the Daraja simulator remembers: tokens, STK checkouts, subscriber locks, receipts, B2C ids, C2B URLs. */
import { gatewayState } from "../store";

export interface AccessToken {
  consumerKey: string;
  expiresAt: number;
}

export interface StkCheckout {
  merchantRequestId: string;
  checkoutRequestId: string;
  shortCode: string;
  amount: number;
  /** PhoneNumber as sent (string form), the subscriber who gets the prompt. */
  phone: string;
  accountReference: string;
  callbackUrl: string;
  promptId: string;
  result?: { code: number; desc: string; receipt?: string; at: string };
}

export interface Receipt {
  receipt: string;
  kind: "stk" | "b2c" | "reversal" | "c2b";
  /** The account number (BillRefNumber / AccountReference) the payer gave, for paybill payments. */
  account?: string;
  amount: number;
  /** The customer's MSISDN. */
  phone: string;
  shortCode: string;
  at: string;
  reversed: boolean;
}

/** URLs registered with `registerurl` for one shortcode (the sandbox lets them be overwritten). */
export interface C2bRegistration {
  shortCode: string;
  responseType: "Completed" | "Cancelled";
  confirmationUrl: string;
  validationUrl: string;
}

export interface DarajaState {
  tokens: Map<string, AccessToken>;
  /** Daraja's FAQ: a new token invalidates the previous one for the same app. */
  latestTokenByConsumer: Map<string, string>;
  checkouts: Map<string, StkCheckout>;
  /** Subscriber (PhoneNumber) → CheckoutRequestID of the prompt that holds the lock. */
  lockedSubscribers: Map<string, string>;
  receipts: Map<string, Receipt>;
  originatorConversationIds: Set<string>;
  /** B2C utility account balance per shortcode, in KES (starts with a float so refunds work out of the box). */
  b2cBalances: Map<string, number>;
  c2bUrls: Map<string, C2bRegistration>;
}

export function darajaState(): DarajaState {
  return gatewayState<DarajaState>(
    "daraja",
    () => ({
      tokens: new Map(),
      latestTokenByConsumer: new Map(),
      checkouts: new Map(),
      lockedSubscribers: new Map(),
      receipts: new Map(),
      originatorConversationIds: new Set(),
      b2cBalances: new Map(),
      c2bUrls: new Map(),
    }),
    // After a restart the prompts are gone: their subscriber locks go too, and a checkout left unanswered
    // ends as Safaricom ends one the phone never answered.
    (saved) => {
      for (const c of saved.checkouts.values()) {
        c.result ??= { code: 1037, desc: "DS timeout user cannot be reached", at: new Date().toISOString() };
      }
      return { ...saved, lockedSubscribers: new Map(), c2bUrls: saved.c2bUrls ?? new Map() };
    },
  );
}

export const B2C_STARTING_FLOAT = 1_000_000;

export function listReceipts(): Receipt[] {
  return [...darajaState().receipts.values()].map((r) => ({ ...r }));
}
