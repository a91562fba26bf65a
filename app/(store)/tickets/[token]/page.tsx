import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { ButtonLink } from "@/components/ui/button";
import { loadTicketsByToken } from "@/components/store/data";
import { formatEventDateTime } from "@/components/store/format";
import { TicketQrList } from "@/components/tickets/ticket-qr-list";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ token: string }>;
}

export async function generateMetadata(): Promise<Metadata> {
  return {
    title: (await getTranslations("tickets"))("metaTitle"),
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

/** The order reference in a sentence, as it is printed on the receipt. */
const ref = (chunks: React.ReactNode) => <span className="font-mono font-semibold text-stone-900">{chunks}</span>;

/** The page the confirmation e-mail links to: the tickets, without needing the order reference. */
export default async function TicketsPage({ params }: Props) {
  const { token } = await params;
  const lang = await getLocale();
  const t = await getTranslations("tickets");
  const { order, tickets } = await loadTicketsByToken(token);
  const { event } = order;
  const base = `/tickets/${token}`;
  return (
    <div className="space-y-4">
      <section aria-labelledby="tickets-event" className="rounded-xl border border-stone-200 bg-white p-4">
        <h1 id="tickets-event" className="text-xl font-bold">
          {event.name}
        </h1>
        <p className="text-sm font-medium text-brand-700">
          <time dateTime={event.startsAt.toISOString()}>
            {formatEventDateTime(event.startsAt.toISOString(), event.timezone, event.country, lang)}
          </time>
        </p>
        <p className="text-sm text-stone-700">
          {event.venue}, {event.city}
        </p>
        <p className="mt-2 text-sm text-stone-600">
          {order.receiptNumber
            ? t.rich("orderReceipt", { reference: order.reference, receipt: order.receiptNumber, ref })
            : t.rich("order", { reference: order.reference, ref })}
        </p>
        <div className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-3">
          <ButtonLink href={`${base}/event.ics`} variant="secondary" prefetch={false}>
            {t("calendar")}
          </ButtonLink>
          {tickets.some((t) => t.code) && (
            <ButtonLink href={`${base}/tickets.pdf`} variant="secondary" prefetch={false}>
              {t("pdf")}
            </ButtonLink>
          )}
          {order.receiptNumber && (
            <ButtonLink href={`${base}/receipt.pdf`} variant="secondary" prefetch={false}>
              {t("receipt")}
            </ButtonLink>
          )}
        </div>
      </section>

      {tickets.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-4 text-stone-700">
          {order.status === "pending" ? t("pending") : t("none")}
        </p>
      ) : (
        <section aria-labelledby="tickets-heading" className="space-y-3">
          <h2 id="tickets-heading" className="text-lg font-semibold">
            {t("yours")}
          </h2>
          <ClientMessages namespaces={["common", "tickets"]}>
            <TicketQrList
              tickets={tickets}
              eventName={event.name}
              renameFor={event.startsAt > new Date() ? order.reference : undefined}
              accessToken={token}
            />
          </ClientMessages>
        </section>
      )}
    </div>
  );
}
