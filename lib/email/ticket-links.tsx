import { Link } from "@react-email/components";
import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { EmailLayout, Muted, Paragraph, linkStyle } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export type TicketLinksOrder = { reference: string; accessToken: string; eventName: string };

/** Links to every paid order of an address ("resend my tickets"). */
export function TicketLinks(props: { t: Translator; lang: Locale; appUrl: string; orders: TicketLinksOrder[] }) {
  const { t } = props;
  return (
    <EmailLayout lang={props.lang} preview={t("email.ticketLinks.intro")}>
      <Paragraph>{t("email.ticketLinks.intro")}</Paragraph>
      {props.orders.map((o) => (
        <Paragraph key={o.reference} style={{ margin: "6px 0" }}>
          <Link href={`${props.appUrl}/tickets/${o.accessToken}`} style={linkStyle}>
            {o.eventName}
          </Link>
          {` — ${t("email.ticketLinks.order", { reference: o.reference })}`}
        </Paragraph>
      ))}
      <Muted>{t("email.ticketLinks.ignore")}</Muted>
    </EmailLayout>
  );
}

export async function ticketLinksEmail(
  appUrl: string,
  orders: TicketLinksOrder[],
  lang: Locale,
): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  return renderEmail(t("email.ticketLinks.subject"), <TicketLinks t={t} lang={lang} appUrl={appUrl} orders={orders} />);
}
