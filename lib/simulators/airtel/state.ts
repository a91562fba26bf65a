/** What the Airtel Money simulator remembers: access tokens, collections by merchant id, refunds. */
import { gatewayState } from "../store";

export interface AirtelToken {
  clientId: string;
  expiresAt: number;
}

export interface AirtelTransaction {
  /** The merchant's `transaction.id`, the key of the status enquiry. */
  id: string;
  reference: string;
  msisdn: string;
  country: string;
  currency: string;
  /** As sent: a JSON number in major units. */
  amount: number;
  promptId: string;
  createdAt: string;
  /** TIP until the payer answers. */
  status: "TIP" | "TS" | "TF";
  responseCode: string;
  message: string;
  airtelMoneyId?: string;
  refunded?: { at: string };
}

export interface AirtelState {
  tokens: Map<string, AirtelToken>;
  transactions: Map<string, AirtelTransaction>;
  /** airtel_money_id → transaction.id, for refunds. */
  byAirtelMoneyId: Map<string, string>;
  /** The sample's lifetime: `expires_in` "180". */
  tokenTtlSeconds: number;
  /** The name the payer's confirmation message shows. */
  merchantName: string;
  /** The callback URL "configured on the app" in Airtel's portal; null means `${appUrl}/api/callbacks/airtel`. */
  callbackUrl: string | null;
}

export function airtelState(): AirtelState {
  return gatewayState<AirtelState>(
    "airtel",
    () => ({
      tokens: new Map(),
      transactions: new Map(),
      byAirtelMoneyId: new Map(),
      tokenTtlSeconds: 180,
      merchantName: "LANGO EVENTS LIMITED",
      callbackUrl: null,
    }),
    // The prompts died with the old process: a collection still in progress ends as one nobody answered.
    (saved) => {
      for (const t of saved.transactions.values()) {
        if (t.status === "TIP")
          Object.assign(t, { status: "TF", responseCode: "DP00800001024", message: "Transaction Timed Out" });
      }
      return saved;
    },
  );
}
