import type { DbTx } from "../db/client";
import { readEnv } from "../env";
import { boothSizeName } from "../exhibit/size-name";
import { localized } from "../i18n/content";
import { storedLocale } from "../i18n/order-locale";
import { getTranslator } from "../i18n/translator";
import { ticketCodes } from "../tickets/codes";
import { queueEmail } from "./outbox";
import { absoluteImageUrl } from "../catalog/event-image";
import { orderConfirmationEmail } from "./templates";

/**
 * Queues the order confirmation with its tickets, in the transaction that paid the order: once per
 * order (dedupe key), however many times the payment is confirmed. An admin's "resend tickets" passes
 * its own key per request, so the buyer gets the tickets' current codes again.
 */
export async function queueOrderConfirmationInTx(
  tx: DbTx,
  orderId: string,
  opts: { dedupeKey?: string } = {},
): Promise<boolean> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      event: true,
      promoCode: { select: { code: true } },
      tickets: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { ticketType: { select: { name: true, translations: true } }, booth: { select: { code: true } } },
      },
      items: {
        where: { kind: { in: ["booth", "addon"] } },
        orderBy: { id: "asc" },
        select: {
          kind: true,
          boothId: true,
          quantity: true,
          addon: { select: { name: true } },
          booth: { select: { code: true, size: true, hall: { select: { name: true } } } },
        },
      },
    },
  });
  const lang = storedLocale(order.lang);
  const t = await getTranslator(lang);
  // A booth order's e-mail confirms each booth with its add-ons; the staff passes are among the tickets.
  const booths = order.items
    .filter((i) => i.kind === "booth" && i.booth)
    .map((b) => ({
      code: b.booth!.code,
      size: boothSizeName(t, b.booth!.size),
      hall: b.booth!.hall.name,
      addons: order.items
        .filter((a) => a.kind === "addon" && a.boothId === b.boothId && a.addon)
        .map((a) => `${a.addon!.name} × ${a.quantity}`),
    }));
  const codes = await ticketCodes(tx, order.tickets);
  const appUrl = readEnv().APP_URL.replace(/\/+$/, "");
  const email = await orderConfirmationEmail(
    {
      appUrl,
      // The event's picture heads the mail, as it heads the event page and the link preview.
      imageUrl: order.event.imageUrl ? absoluteImageUrl(order.event.imageUrl, appUrl) : null,
      reference: order.reference,
      accessToken: order.accessToken,
      buyerName: order.buyerName,
      totalMinor: order.totalMinor,
      currency: order.currency,
      receiptNumber: order.receiptNumber,
      // The organiser's names in the order's language where they wrote them (lib/i18n/content.ts).
      event: { ...order.event, name: localized(order.event.translations, lang, "name", order.event.name) },
      discount: order.promoCode && { code: order.promoCode.code, amountMinor: order.discountMinor },
      booths,
      tickets: order.tickets.map((tk) => ({
        id: tk.id,
        attendeeName: tk.attendeeName,
        ticketType: tk.ticketType
          ? localized(tk.ticketType.translations, lang, "name", tk.ticketType.name)
          : tk.booth
            ? t("email.confirmation.staffPass", { code: tk.booth.code })
            : null,
        code: codes.get(tk.id) ?? null,
      })),
    },
    lang,
  );
  return queueEmail(tx, {
    dedupeKey: opts.dedupeKey ?? `order-confirmation:${orderId}`,
    kind: "order_confirmation",
    to: order.buyerEmail,
    orderId,
    ...email,
  });
}
