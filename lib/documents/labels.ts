import type { Translator } from "../i18n/types";

/** How a buyer knows each gateway (DESIGN.md's gateway ids), for receipts and notices. */
const GATEWAY_LABELS: Record<string, string> = {
  daraja: "M-Pesa",
  dpo: "DPO Pay",
  "mtn-momo": "MTN MoMo",
  airtel: "Airtel Money",
  flutterwave: "Flutterwave",
  ksher: "Ksher",
  cash: "cash at the desk",
};

export function gatewayLabel(id: string): string {
  return GATEWAY_LABELS[id] ?? id;
}

/**
 * The same in the reader's language: gateway names are brands and stay as they are everywhere (M-Pesa,
 * Airtel Money); only paying cash at the desk is words.
 */
export function localGatewayLabel(t: Translator, id: string): string {
  return id === "cash" ? t("pdf.cashAtDesk") : gatewayLabel(id);
}

/** What a seller's tax number is called where the event is: the name an accountant there looks for. */
const TAX_ID_LABELS: Record<string, string> = {
  KE: "KRA PIN",
  TZ: "TIN",
  UG: "TIN",
  RW: "TIN",
  ZM: "TPIN",
  MW: "TPIN",
  GH: "TIN",
  BW: "TIN",
  NA: "TIN",
  ZA: "VAT number",
  TH: "Tax ID",
};

export function taxIdLabel(country: string): string {
  return TAX_ID_LABELS[country] ?? "Tax number";
}
