import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { formatMoney } from "../money";
import { EmailLayout, Heading, Muted, Paragraph } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export interface LatePaymentRefundInput {
  buyerName: string;
  reference: string;
  eventName: string;
  amountMinor: number;
  currency: string;
  paidWith: string;
  /** Why the money cannot buy the order: the seats sold out after the hold ran out, or the organiser cancelled it. */
  why?: "no_capacity" | "order_cancelled";
  /** False for gateways that cannot refund through their API (MTN MoMo Collections): the organiser pays it back. */
  automatic?: boolean;
}

/** Money arrived for an order that can no longer take it: it is on its way back. */
export function LatePaymentRefund({ t, o, lang }: { t: Translator; o: LatePaymentRefundInput; lang: Locale }) {
  const how =
    o.automatic === false
      ? t("email.latePayment.manual", { gateway: o.paidWith })
      : t("email.latePayment.automatic", { gateway: o.paidWith });
  return (
    <EmailLayout lang={lang} preview={how}>
      <Heading>{t("email.latePayment.heading")}</Heading>
      <Paragraph>{t("email.common.hello", { name: o.buyerName })}</Paragraph>
      <Paragraph>
        {t.rich("email.latePayment.body", {
          amount: formatMoney(o.amountMinor, o.currency),
          event: o.eventName,
          reference: o.reference,
          why: o.why ?? "no_capacity",
          strong: (c) => <strong>{c}</strong>,
        })}
      </Paragraph>
      <Paragraph>{how}</Paragraph>
      <Paragraph>{t("email.latePayment.sorry")}</Paragraph>
      <Muted>{t("email.common.orderReference", { reference: o.reference })}</Muted>
    </EmailLayout>
  );
}

export async function latePaymentRefundEmail(o: LatePaymentRefundInput, lang: Locale): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  return renderEmail(
    t("email.latePayment.subject", { reference: o.reference }),
    <LatePaymentRefund t={t} o={o} lang={lang} />,
  );
}
