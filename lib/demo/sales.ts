import "server-only";
import type { Db } from "../db/client";
import { markCashPaid } from "../admin/order-actions";
import { majorUnitsInput } from "../money";
import { createOrder } from "../orders/create-order";
import { createOrderSchema } from "../orders/schemas";
import { paymentsEnv } from "../payments/registry";
import { demoAttendees, seedDemoSalesTools } from "./sales-tools";

const DAY = 24 * 60 * 60_000;

/** Who bought what, and when (days and hours before the first start), at the box office. */
const SALES: {
  slug: string;
  type: string;
  quantity: number;
  daysAgo: number;
  hour: number;
  buyer: [string, string];
}[] = [
  {
    slug: "nairobi-tech-summit",
    type: "Early bird",
    quantity: 2,
    daysAgo: 13,
    hour: 10,
    buyer: ["Wanjiru Mwangi", "0712 480 115"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Early bird",
    quantity: 1,
    daysAgo: 12,
    hour: 14,
    buyer: ["Otieno Ochieng", "0722 301 944"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Early bird",
    quantity: 4,
    daysAgo: 10,
    hour: 11,
    buyer: ["Amina Hassan", "0733 612 078"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Early bird",
    quantity: 2,
    daysAgo: 9,
    hour: 16,
    buyer: ["Kiprono Chebet", "0701 255 390"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Early bird",
    quantity: 3,
    daysAgo: 8,
    hour: 9,
    buyer: ["Njeri Kamau", "0710 884 502"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Regular",
    quantity: 2,
    daysAgo: 6,
    hour: 12,
    buyer: ["Mutua Musyoka", "0715 009 871"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Regular",
    quantity: 1,
    daysAgo: 5,
    hour: 15,
    buyer: ["Achieng Auma", "0790 443 216"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Student",
    quantity: 2,
    daysAgo: 5,
    hour: 17,
    buyer: ["Baraka Kiptoo", "0768 120 733"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Regular",
    quantity: 3,
    daysAgo: 3,
    hour: 10,
    buyer: ["Halima Abdi", "0727 556 804"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Regular",
    quantity: 1,
    daysAgo: 2,
    hour: 13,
    buyer: ["Kamau Njoroge", "0708 771 229"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Student",
    quantity: 1,
    daysAgo: 1,
    hour: 11,
    buyer: ["Wambui Gitau", "0745 338 660"],
  },
  {
    slug: "dar-trade-expo",
    type: "Regular",
    quantity: 2,
    daysAgo: 6,
    hour: 10,
    buyer: ["Neema Mollel", "0754 210 387"],
  },
  {
    slug: "dar-trade-expo",
    type: "Regular",
    quantity: 5,
    daysAgo: 4,
    hour: 14,
    buyer: ["Juma Mrisho", "0713 664 902"],
  },
  {
    slug: "dar-trade-expo",
    type: "Student",
    quantity: 2,
    daysAgo: 3,
    hour: 9,
    buyer: ["Rehema Kweka", "0767 095 441"],
  },
  {
    slug: "dar-trade-expo",
    type: "Regular",
    quantity: 1,
    daysAgo: 2,
    hour: 16,
    buyer: ["Baraka Massawe", "0784 502 176"],
  },
  {
    slug: "dar-trade-expo",
    type: "Regular",
    quantity: 3,
    daysAgo: 1,
    hour: 12,
    buyer: ["Zawadi Mushi", "0655 871 330"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Workshop day",
    quantity: 4,
    daysAgo: 6,
    hour: 10,
    buyer: ["Wambui Njoroge", "0711 620 334"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Workshop day",
    quantity: 4,
    daysAgo: 4,
    hour: 13,
    buyer: ["Omondi Were", "0723 118 560"],
  },
  {
    slug: "nairobi-tech-summit",
    type: "Workshop day",
    quantity: 2,
    daysAgo: 2,
    hour: 17,
    buyer: ["Halima Abdi", "0702 944 781"],
  },
];

/**
 * Box-office sales over the two weeks before the first start, so the admin dashboard has something to
 * show in a fresh demo. They are made the way the desk makes them, through the real order and cash
 * paths (holds, receipts, tickets, confirmation e-mails), at the times they are dated. Simulator mode on
 * an empty database only; a live deployment never gets them.
 */
export async function seedDemoSales(
  db: Db,
  rawEnv: Record<string, string | undefined> = process.env,
  now = new Date(),
  log: (line: string) => void = () => {},
) {
  if (paymentsEnv(rawEnv).mode !== "simulator" || (await db.order.count()) > 0) return 0;
  await seedDemoSalesTools(db, now);
  const admin = await db.user.findFirst({
    where: { role: "admin" },
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true },
  });
  const types = await db.ticketType.findMany({
    where: { event: { slug: { in: [...new Set(SALES.map((s) => s.slug))] } } },
    include: { event: { select: { slug: true } } },
  });
  if (!admin || types.length === 0) return 0;

  let made = 0;
  for (const [i, sale] of SALES.entries()) {
    const type = types.find((t) => t.event.slug === sale.slug && t.name === sale.type);
    if (!type) continue;
    const at = new Date(now.getTime() - sale.daysAgo * DAY);
    at.setUTCHours(sale.hour - 3, (7 * i) % 60, 0, 0);
    const paidAt = new Date(at.getTime() + 4 * 60_000);
    const [name, phone] = sale.buyer;
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`;
    const order = await createOrder(
      db,
      createOrderSchema.parse({
        eventSlug: sale.slug,
        items: [
          {
            ticketTypeId: type.id,
            quantity: sale.quantity,
            attendees: await demoAttendees(db, type.eventId, type.id, sale.quantity, i),
          },
        ],
        buyer: { name, email, phone },
      }),
      at,
    );
    await markCashPaid(
      db,
      admin,
      {
        reference: order.reference,
        amount: majorUnitsInput(order.total, order.currency),
        receiptNumber: `DEMO-${String(i + 1).padStart(3, "0")}`,
      },
      paymentsEnv(rawEnv),
      paidAt,
    );
    // The rows default to the real clock: date them when the sale happened, so no order is created after
    // it was paid and the admin's timeline reads in order (order, then payment, then e-mail).
    const { id } = await db.order.update({ where: { reference: order.reference }, data: { createdAt: at } });
    await db.payment.updateMany({ where: { orderId: id }, data: { createdAt: paidAt } });
    await db.emailOutbox.updateMany({ where: { orderId: id }, data: { createdAt: paidAt } });
    made++;
  }
  log(`created ${made} demo box-office sales`);
  return made;
}
