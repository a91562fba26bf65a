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
