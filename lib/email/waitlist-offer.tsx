import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { documentDateTime } from "../documents/dates";
import { ActionButton, EmailLayout, Heading, Paragraph } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";
import { LeaveLink, type WaitlistMailInput } from "./waitlist-joined";

type OfferInput = WaitlistMailInput & { offerCode: string; expiresAt: Date };

/** Tickets came free and are held for this person until `expiresAt`: the link buys them. */
export function WaitlistOffer({ t, o, lang }: { t: Translator; o: OfferInput; lang: Locale }) {
  const until = documentDateTime(lang, o.expiresAt, o.event.timezone, o.event.country);
  return (
    <EmailLayout lang={lang} preview={t("email.waitlist.offerHeading")}>
      <Heading>{t("email.waitlist.offerHeading")}</Heading>
      <Paragraph>{t("email.common.hello", { name: o.name })}</Paragraph>
      <Paragraph>
        {t.rich("email.waitlist.offerBody", {
          quantity: o.quantity,
          type: o.ticketType,
          event: o.event.name,
          until,
          strong: (c) => <strong>{c}</strong>,
        })}
      </Paragraph>
      <ActionButton href={`${o.appUrl}/events/${o.event.slug}?offer=${encodeURIComponent(o.offerCode)}`}>
        {t("email.waitlist.offerBuy")}
      </ActionButton>
      <Paragraph>{t("email.waitlist.offerLapse")}</Paragraph>
      <LeaveLink t={t} o={o} kind="offer" />
    </EmailLayout>
  );
}

export async function waitlistOfferEmail(o: OfferInput, lang: Locale): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  return renderEmail(
    t("email.waitlist.offerSubject", { event: o.event.name }),
    <WaitlistOffer t={t} o={o} lang={lang} />,
  );
}
