import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { formatMoney } from "../money";
import { ActionButton, EmailLayout, Heading, Paragraph } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export interface HoldExpiredInput {
  appUrl: string;
  buyerName: string;
  reference: string;
  event: { name: string; slug: string };
  totalMinor: number;
  currency: string;
}

/** The hold ran out while the buyer was trying to pay: nothing was taken, and how to start again. */
export function HoldExpired({ t, o, lang }: { t: Translator; o: HoldExpiredInput; lang: Locale }) {
  const amount = formatMoney(o.totalMinor, o.currency);
  return (
    <EmailLayout lang={lang} preview={t("email.holdExpired.nothingCharged")}>
      <Heading>{t("email.holdExpired.heading")}</Heading>
      <Paragraph>{t("email.common.hello", { name: o.buyerName })}</Paragraph>
      <Paragraph>
        {t.rich("email.holdExpired.body", {
          amount,
          reference: o.reference,
          event: o.event.name,
          strong: (c) => <strong>{c}</strong>,
        })}{" "}
        <strong>{t("email.holdExpired.nothingCharged")}</strong>
      </Paragraph>
      <Paragraph>{t("email.holdExpired.matched")}</Paragraph>
      <ActionButton href={`${o.appUrl}/events/${o.event.slug}`}>{t("email.holdExpired.again")}</ActionButton>
    </EmailLayout>
  );
}

export async function holdExpiredEmail(o: HoldExpiredInput, lang: Locale): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  const subject = t("email.holdExpired.subject", { reference: o.reference, event: o.event.name });
  return renderEmail(subject, <HoldExpired t={t} o={o} lang={lang} />);
}
