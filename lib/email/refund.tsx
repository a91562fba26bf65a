import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { formatMoney } from "../money";
import { EmailLayout, Heading, Muted, Paragraph } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export interface RefundInput {
  buyerName: string;
  reference: string;
  eventName: string;
  amountMinor: number;
  currency: string;
  /** The gateway's name as the buyer knows it ("M-Pesa"), in the e-mail's language. */
  paidWith: string;
  /** What the refund did to the tickets: all cancelled, some still valid, or a payment that bought none. */
  tickets: "revoked" | "kept" | "none";
}

/** A refund went through: how much, for which order, which way the money goes, and what became of the tickets. */
export function Refund({ t, o, lang }: { t: Translator; o: RefundInput; lang: Locale }) {
  const amount = formatMoney(o.amountMinor, o.currency);
  return (
    <EmailLayout lang={lang} preview={t("email.refund.heading", { amount })}>
      <Heading>{t("email.refund.heading", { amount })}</Heading>
      <Paragraph>{t("email.common.hello", { name: o.buyerName })}</Paragraph>
      <Paragraph>
        {t.rich("email.refund.body", {
          amount,
          reference: o.reference,
          event: o.eventName,
          gateway: o.paidWith,
          strong: (c) => <strong>{c}</strong>,
        })}
      </Paragraph>
      <Paragraph>{t("email.refund.how")}</Paragraph>
      <Paragraph>{t(`email.refund.tickets.${o.tickets}`)}</Paragraph>
      <Muted>{t("email.common.orderReference", { reference: o.reference })}</Muted>
    </EmailLayout>
  );
}

export async function refundEmail(o: RefundInput, lang: Locale): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  const subject = t("email.refund.subject", {
    amount: formatMoney(o.amountMinor, o.currency),
    reference: o.reference,
  });
  return renderEmail(subject, <Refund t={t} o={o} lang={lang} />);
}
