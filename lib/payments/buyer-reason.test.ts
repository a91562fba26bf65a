import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { transactionOutcome } from "./gateways/airtel/codes";
import { stkOutcome } from "./gateways/daraja/codes";
import { failureFor } from "./gateways/flutterwave/codes";
import { failureOutcome } from "./gateways/mtn-momo/codes";
import { BUYER_REASONS, buyerReason } from "./buyer-reason";
import { getTranslator } from "../i18n/translator";

const messages = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", `${locale}.json`), "utf8")) as {
    payment: { reasonCode: Record<string, string> };
  };

/** What each gateway's own code writer stores on the payment (`failureCode`) for a buyer's mishap. */
const stored = {
  daraja: (code: string) => stkOutcome(code).failure!.gatewayCode,
  "mtn-momo": (reason: string) => failureOutcome(reason).failure.gatewayCode,
  airtel: (code: string) => transactionOutcome("TF", code).failure!.gatewayCode,
  flutterwave: (said: string) => failureFor(said).gatewayCode,
};

describe("issue 18: a failed payment's reason has a code the buyer's language can say", () => {
  it.each([
    ["daraja", stored.daraja("1032"), "declined_on_phone"],
    ["daraja", stored.daraja("1"), "insufficient_funds"],
    ["daraja", stored.daraja("2001"), "wrong_pin"],
    ["daraja", stored.daraja("1019"), "timed_out"],
    ["daraja", stored.daraja("1037"), "phone_unreachable"],
    ["daraja", stored.daraja("8006"), "pin_locked"],
    ["mtn-momo", stored["mtn-momo"]("APPROVAL_REJECTED"), "declined_on_phone"],
    ["mtn-momo", stored["mtn-momo"]("NOT_ENOUGH_FUNDS"), "insufficient_funds"],
    ["mtn-momo", stored["mtn-momo"]("EXPIRED"), "timed_out"],
    ["airtel", stored.airtel("DP00800001002"), "wrong_pin"],
    ["airtel", stored.airtel("DP00800001007"), "insufficient_funds"],
    ["airtel", stored.airtel("DP00800001008"), "declined_on_phone"],
    ["airtel", stored.airtel("DP00800001024"), "timed_out"],
    ["flutterwave", stored.flutterwave("Insufficient funds in wallet"), "insufficient_funds"],
    ["flutterwave", stored.flutterwave("Transaction declined by customer"), "declined_on_phone"],
    ["flutterwave", stored.flutterwave("Request timed out"), "timed_out"],
    // A gateway that did not answer at all (start-payment stores the GatewayError's own code).
    ["dpo", "unavailable", "not_answering"],
    ["ksher", "timeout", "not_answering"],
    ["daraja", "expired", "timed_out"],
  ])("%s %s → %s", (gateway, code, reason) => {
    expect(buyerReason(gateway, code)).toBe(reason);
  });

  it("no code, or one that says nothing more than the status, gives no reason (the status's own words are shown)", () => {
    expect(buyerReason("daraja", null)).toBeNull();
    expect(buyerReason("daraja", stored.daraja("9999"))).toBeNull();
    expect(buyerReason("flutterwave", stored.flutterwave("Something odd"))).toBeNull();
    expect(buyerReason("dpo", "cancelled_on_page")).toBeNull();
    // A code is read by its own gateway: Airtel's wrong-PIN code means nothing to M-Pesa.
    expect(buyerReason("daraja", "DP00800001002")).toBeNull();
  });

  it("every reason is written in English and in Kiswahili, naming the gateway where it says one", async () => {
    const [en, sw] = [messages("en").payment.reasonCode, messages("sw").payment.reasonCode];
    expect(Object.keys(en).sort()).toEqual([...BUYER_REASONS].sort());
    expect(Object.keys(sw).sort()).toEqual([...BUYER_REASONS].sort());
    for (const reason of BUYER_REASONS) expect(sw[reason], reason).not.toBe(en[reason]);

    const t = await getTranslator("sw");
    expect(t("payment.reasonCode.wrong_pin", { gateway: "M-Pesa" })).toBe(
      "PIN ya M-Pesa uliyoweka si sahihi. Jaribu tena.",
    );
    expect(t("payment.reasonCode.insufficient_funds", { gateway: "Airtel Money" })).toBe(
      "Salio lako la Airtel Money halitoshi kwa malipo haya. Ongeza salio, kisha jaribu tena.",
    );
  });
});
