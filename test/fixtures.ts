import type { Db } from "@/lib/db/client";
import { seedOnFirstStart } from "@/lib/db/seed";

/** Seeds the demo events (as a first start would) and returns handy ids. */
export async function seedDemo(db: Db, now = new Date()) {
  await seedOnFirstStart(db, { PAYMENTS_MODE: "simulator" }, () => {}, now);
  const types = await db.ticketType.findMany({ include: { event: true } });
  const find = (slug: string, name: string) => {
    const t = types.find((x) => x.event.slug === slug && x.name === name);
    if (!t) throw new Error(`no ${name} in ${slug}`);
    return t;
  };
  return {
    nairobi: {
      slug: "nairobi-tech-summit",
      regular: find("nairobi-tech-summit", "Regular"),
      vip: find("nairobi-tech-summit", "VIP"),
      student: find("nairobi-tech-summit", "Student"),
      earlyBird: find("nairobi-tech-summit", "Early bird"),
    },
    dar: {
      slug: "dar-trade-expo",
      regular: find("dar-trade-expo", "Regular"),
      tradeDay: find("dar-trade-expo", "Trade day pass"),
    },
  };
}

export const buyer = { name: "Wanjiku Kamau", email: "wanjiku@example.com", phone: "0712 345 678" };

export function orderBody(
  ticketTypeId: string,
  quantity = 1,
  slug = "nairobi-tech-summit",
  extra: Record<string, unknown> = {},
) {
  return { eventSlug: slug, items: [{ ticketTypeId, quantity }], buyer, ...extra };
}
