/** What the DPO simulator remembers: one record per transaction token. */
import { gatewayState } from "../store";

export interface DpoService {
  type?: string;
  typeName?: string;
  description: string;
  date: string;
  ref?: string;
}

export interface DpoCustomer {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  dialCode: string;
  country: string;
  address: string;
  city: string;
  zip: string;
}

export interface DpoPayment {
  method: "card" | "mobile";
  approval: string;
  creditType: string;
  credit: string;
  fraudAlert: string;
  fraudExplanation: string;
  phone: string;
  mobilePaymentRequest: "Sent" | "Not sent";
  at: number;
}

export type DpoStatus = "pending" | "paid" | "declined" | "cancelled";

export interface DpoToken {
  token: string;
  transRef: string;
  companyToken: string;
  companyRef: string;
  companyAccRef: string;
  /** Kept in cents so refunds add up exactly; DPO's wire form is a two-decimal string. */
  amountCents: number;
  currency: string;
  redirectUrl: string;
  backUrl: string;
  createdAt: number;
  /** createdAt + PTL; an unpaid token past it answers 903 and can no longer be paid. */
  expiresAt: number;
  services: DpoService[];
  customer: DpoCustomer;
  defaultPayment: string;
  defaultPaymentCountry: string;
  defaultPaymentMno: string;
  status: DpoStatus;
  payment?: DpoPayment;
  refunds: { amountCents: number; details: string; ref: string; at: number }[];
  verified: boolean;
}

export interface DpoState {
  tokens: Map<string, DpoToken>;
}

export function dpoState(): DpoState {
  return gatewayState<DpoState>("dpo", () => ({ tokens: new Map() }));
}

export function isExpired(t: DpoToken, now = Date.now()): boolean {
  return t.status === "pending" && now > t.expiresAt;
}

export function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** "1500", "1500.5", "1500.50" → cents; anything else (more decimals, signs, exponents) → null. */
export function parseAmountCents(value: string | undefined): number | null {
  if (!value || !/^\d{1,12}(\.\d{1,2})?$/.test(value.trim())) return null;
  const [whole, frac = ""] = value.trim().split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}
