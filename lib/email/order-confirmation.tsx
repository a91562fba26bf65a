import { Img, Link, Section, Text } from "@react-email/components";
import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { documentDateTime } from "../documents/dates";
import { formatMoney } from "../money";
import { ActionButton, EmailLayout, GREEN, Heading, Muted, Paragraph, linkStyle } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export interface ConfirmationInput {
  appUrl: string;
  reference: string;
  accessToken: string;
  buyerName: string;
  totalMinor: number;
  currency: string;
  receiptNumber: string | null;
  event: { name: string; venue: string; city: string; startsAt: Date; timezone: string; country: string };
  /** The event's picture (absolute URL), shown at the top when there is one. */
  imageUrl?: string | null;
  tickets: { id: string; attendeeName: string; ticketType: string | null; code: string | null }[];
  /** Booths the order booked; their staff passes are among `tickets`. */
  booths?: { code: string; size: string; hall: string; addons: string[] }[];
  /** The promo code applied and what it took off (minor units). */
  discount?: { code: string; amountMinor: number } | null;
}

/** "Payment of KES 2,250 received (receipt …). Code KARIBU10 took KES 250 off." — or, for a free order, no payment at all. */
function paymentSentence(t: Translator, o: ConfirmationInput): string {
  const receipt = { hasReceipt: o.receiptNumber ? "yes" : "no", receipt: o.receiptNumber ?? "" };
  const paid =
    o.totalMinor === 0
      ? t("email.confirmation.free", receipt)
      : t("email.confirmation.paid", { ...receipt, amount: formatMoney(o.totalMinor, o.currency) });
  const saved =
    o.discount && o.discount.amountMinor > 0
      ? ` ${t("email.confirmation.discount", { code: o.discount.code, amount: formatMoney(o.discount.amountMinor, o.currency) })}`
      : "";
  return paid + saved;
}

const card = { border: "1px solid #e7e5e4", borderRadius: "10px", padding: "14px", margin: "12px 0" };

/**
 * The order confirmation with every ticket. Each QR code is an image the app serves at an absolute URL:
 * Gmail and Outlook block data: URIs, and Gmail shows hosted images through its proxy without asking. The
 * code is printed under it too, for a gate that types it in.
 */
export function OrderConfirmation({ t, o, lang }: { t: Translator; o: ConfirmationInput; lang: Locale }) {
  const ticketsUrl = `${o.appUrl}/tickets/${o.accessToken}`;
  const portalUrl = `${o.appUrl}/exhibit/portal`;
  const booths = o.booths ?? [];
  const valid = o.tickets.filter((tk): tk is typeof tk & { code: string } => Boolean(tk.code));
  const name = o.buyerName;
  return (
    <EmailLayout lang={lang} preview={paymentSentence(t, o)} imageUrl={o.imageUrl} imageAlt={o.event.name}>
      <Heading>
        {booths.length
          ? t("email.confirmation.headingBooths", { name })
          : t("email.confirmation.headingTickets", { name })}
      </Heading>
      <Paragraph>{paymentSentence(t, o)}</Paragraph>
      <Text style={{ margin: 0, fontWeight: 600, fontSize: "15px" }}>{o.event.name}</Text>
      <Text style={{ margin: 0, color: GREEN, fontSize: "15px" }}>
        {documentDateTime(lang, o.event.startsAt, o.event.timezone, o.event.country)}
      </Text>
      <Text
        style={{ margin: "0 0 8px", color: "#57534e", fontSize: "15px" }}
      >{`${o.event.venue}, ${o.event.city}`}</Text>
      {booths.map((b) => (
        <Section key={b.code} style={{ ...card, border: `2px solid ${GREEN}` }}>
          <Text style={{ margin: 0, fontWeight: 700 }}>
            {t("email.confirmation.booth", { code: b.code, size: b.size, hall: b.hall })}
          </Text>
          {b.addons.length ? (
            <Text style={{ margin: "4px 0 0", color: "#57534e", fontSize: "14px" }}>
              {t("email.confirmation.addons", { addons: b.addons.join(", ") })}
            </Text>
          ) : null}
        </Section>
      ))}
      {booths.length && valid.length ? (
        <Paragraph style={{ margin: "12px 0 0", fontWeight: 600 }}>{t("email.confirmation.staffPasses")}</Paragraph>
      ) : null}
      {valid.map((tk, i) => (
        <Section key={tk.id} style={{ ...card, textAlign: "center" }}>
          <Text style={{ margin: 0, fontWeight: 600 }}>{tk.attendeeName}</Text>
          <Text style={{ margin: "2px 0 8px", color: "#57534e", fontSize: "14px" }}>
            {t("email.confirmation.ticketCard", {
              type: tk.ticketType ?? t("email.confirmation.ticket"),
              index: i + 1,
              count: valid.length,
            })}
          </Text>
          <Img
            src={`${o.appUrl}/tickets/${o.accessToken}/qr/${tk.id}.png`}
            width="220"
            height="220"
            alt={t("email.confirmation.qrAlt", { name: tk.attendeeName })}
            style={{ margin: "0 auto" }}
          />
          <Text
            style={{
              margin: "8px 0 0",
              fontFamily: "monospace",
              fontSize: "10px",
              color: "#78716c",
              wordBreak: "break-all",
            }}
          >
            {t("email.confirmation.code", { code: tk.code })}
          </Text>
        </Section>
      ))}
      <ActionButton href={ticketsUrl}>
        {booths.length ? t("email.confirmation.viewPasses") : t("email.confirmation.viewTickets")}
      </ActionButton>
      {booths.length ? (
        <Paragraph>
          {t("email.confirmation.portal")}{" "}
          <Link href={portalUrl} style={linkStyle}>
            {portalUrl}
          </Link>
        </Paragraph>
      ) : null}
      <Paragraph style={{ fontSize: "14px" }}>
        <Link href={`${ticketsUrl}/tickets.pdf`} style={linkStyle}>
          {t("email.confirmation.pdf")}
        </Link>
        {" · "}
        <Link href={`${ticketsUrl}/event.ics`} style={linkStyle}>
          {t("email.confirmation.calendar")}
        </Link>
        {o.receiptNumber ? " · " : null}
        {o.receiptNumber ? (
          <Link href={`${ticketsUrl}/receipt.pdf`} style={linkStyle}>
            {t("email.confirmation.receipt")}
          </Link>
        ) : null}
        {booths.length ? " · " : null}
        {booths.length ? (
          <Link href={`${ticketsUrl}/invoice.pdf`} style={linkStyle}>
            {t("email.confirmation.invoice")}
          </Link>
        ) : null}
      </Paragraph>
      <Muted>{t("email.confirmation.footer", { reference: o.reference })}</Muted>
    </EmailLayout>
  );
}

export async function orderConfirmationEmail(o: ConfirmationInput, lang: Locale): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  const booths = o.booths ?? [];
  const subject = booths.length
    ? t("email.confirmation.subjectBooths", {
        count: booths.length,
        booths: booths.map((b) => b.code).join(", "),
        event: o.event.name,
        reference: o.reference,
      })
    : t("email.confirmation.subjectTickets", { event: o.event.name, reference: o.reference });
  return renderEmail(subject, <OrderConfirmation t={t} o={o} lang={lang} />);
}
