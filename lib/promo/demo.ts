import type { Prisma } from "../db/generated/client";
import { normalizePromoCode } from "./pricing";

/** Demo promo codes per demo event (simulator mode only, like the rest of the demo); ticket types by name. */
const DEMO_PROMO_CODES: Record<
  string,
  {
    code: string;
    description: string;
    discountKind: "percent" | "amount" | "none";
    discountValue: number;
    ticketTypes?: string[];
    unlocks?: string[];
    maxUses?: number;
  }[]
> = {
  "nairobi-tech-summit": [
    {
      code: "KARIBU10",
      description: "Karibu! 10 % off Regular and VIP tickets for early supporters.",
      discountKind: "percent",
      discountValue: 10,
      ticketTypes: ["Regular", "VIP"],
      maxUses: 100,
    },
    {
      code: "FIRST5",
      description: "KES 500 off your order, for the first five buyers.",
      discountKind: "amount",
      discountValue: 500_00,
      maxUses: 5,
    },
    {
      code: "SPEAKER2027",
      description: "Speakers and panellists: your free Speaker pass.",
      discountKind: "none",
      discountValue: 0,
      unlocks: ["Speaker pass"],
    },
  ],
};

/** Creates the demo codes of a demo event whose ticket types exist already. */
export async function seedDemoPromoCodesInTx(tx: Prisma.TransactionClient, eventId: string, slug: string) {
  const codes = DEMO_PROMO_CODES[slug];
  if (!codes) return;
  const event = await tx.event.findUniqueOrThrow({
    where: { id: eventId },
    select: { currency: true, ticketTypes: { select: { id: true, name: true } } },
  });
  const ids = (names: string[] = []) =>
    names.map((name) => {
      const type = event.ticketTypes.find((t) => t.name === name);
      if (!type) throw new Error(`demo promo code: no ticket type "${name}" in ${slug}`);
      return type.id;
    });
  await tx.promoCode.createMany({
    data: codes.map((c) => ({
      eventId,
      code: normalizePromoCode(c.code),
      description: c.description,
      discountKind: c.discountKind,
      discountValue: c.discountValue,
      currency: event.currency,
      ticketTypeIds: ids(c.ticketTypes),
      unlocksTicketTypeIds: ids(c.unlocks),
      maxUses: c.maxUses ?? null,
    })),
  });
}
