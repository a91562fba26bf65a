/** What the MTN MoMo simulator remembers: API users and keys, access tokens, RequestToPay transactions. */
import { gatewayState } from "../store";

export interface ApiUser {
  id: string;
  providerCallbackHost: string | null;
  /** Users made through the sandbox's `/v1_0/apiuser` exist in the sandbox environment only. */
  sandboxOnly: boolean;
  apiKeys: string[];
}

export interface AccessToken {
  apiUser: string;
  expiresAt: number;
}

/** One RequestToPay as MTN holds it; `status`/`reason` are what the status GET reports. */
export interface Transaction {
  referenceId: string;
  targetEnvironment: string;
  amount: string;
  currency: string;
  externalId: string;
  payer: { partyIdType: string; partyId: string };
  payerMessage?: string;
  payeeNote?: string;
  callbackUrl?: string;
  status: "PENDING" | "SUCCESSFUL" | "FAILED";
  reason?: string;
  financialTransactionId?: string;
  /** How it will end: on the virtual phone, never (an "ongoing" sandbox payer), or by itself later. */
  settledBy: "prompt" | "never" | "delay" | "immediate";
  promptId?: string;
  createdAt: string;
}

export interface MtnState {
  apiUsers: Map<string, ApiUser>;
  tokens: Map<string, AccessToken>;
  /** Keyed by `${targetEnvironment} ${referenceId}`: each environment is its own MTN platform. */
  transactions: Map<string, Transaction>;
}

/** The API user the app's simulator-mode configuration uses; the real sandbox has you create one. */
export const PROVISIONED_USER = {
  id: "0b5a0c3e-6f4d-4c1e-9a8b-3d2f1e0c9b8a",
  apiKey: "simulator-collections-api-key",
};

export const transactionKey = (environment: string, referenceId: string) =>
  `${environment} ${referenceId.toLowerCase()}`;

export function mtnState(): MtnState {
  return gatewayState<MtnState>(
    "mtn-momo",
    () => {
      const apiUsers = new Map<string, ApiUser>();
      // Any callback host: the simulator stands in for whatever host the developer's app runs on.
      apiUsers.set(PROVISIONED_USER.id, {
        id: PROVISIONED_USER.id,
        providerCallbackHost: null,
        sandboxOnly: false,
        apiKeys: [PROVISIONED_USER.apiKey],
      });
      const user = process.env.MTN_MOMO_API_USER?.trim().toLowerCase();
      const key = process.env.MTN_MOMO_API_KEY?.trim();
      if (user && key) apiUsers.set(user, { id: user, providerCallbackHost: null, sandboxOnly: false, apiKeys: [key] });
      return { apiUsers, tokens: new Map(), transactions: new Map() };
    },
    // After a restart the prompts and timers are gone: an unanswered prompt ends as MTN ends one nobody
    // approved in time, a delayed payer has paid; tokens die with the process.
    (saved) => {
      for (const t of saved.transactions.values()) {
        if (t.status !== "PENDING") continue;
        if (t.settledBy === "prompt") Object.assign(t, { status: "FAILED", reason: "COULD_NOT_PERFORM_TRANSACTION" });
        if (t.settledBy === "delay")
          Object.assign(t, { status: "SUCCESSFUL", financialTransactionId: String(Date.now()).slice(-10) });
      }
      return { ...saved, tokens: new Map() };
    },
  );
}
