import { z } from "zod";
import type { DbTx } from "../db/client";
import { newRowId, type Sql } from "../db/sql";
import type { Prisma } from "../db/generated/client";

export interface BoothBookingDetails {
  company: string;
  contactName?: string;
  requirements?: string;
}

const joinRequirements = (values: (string | null | undefined)[]) =>
  [...new Set(values.map((v) => v?.trim()).filter(Boolean))].join("\n") || null;

/**
 * The exhibitor row a booth booking is filed under: one per event and e-mail, so the address can sign in
 * to the portal and follow its booking before paying. Ordering is anonymous and the e-mail unverified, so
 * a booking never changes a row that already exists (its own company and contact stay in the order's
 * booth lines), and what a new row takes from an unpaid booking is not shown to staff: the first paid
 * booking rewrites it (`profileFromPaidBookingInTx`, `exhibitorStaffSee`). Runs only once the booths are
 * held, so the losers of a race touch nothing; ON CONFLICT DO NOTHING lets two bookings from one address
 * at the same moment share one row instead of failing on the unique key.
 */
export async function fileExhibitorInTx(
  sql: Sql,
  h: {
    eventId: string;
    buyer: { name: string; email: string; phone: string };
    boothLines: BoothBookingDetails[];
    now: Date;
  },
): Promise<string> {
  const [first] = h.boothLines;
  const requirements = joinRequirements(h.boothLines.map((l) => l.requirements));
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO "Exhibitor" ("id", "eventId", "email", "companyName", "contactName", "phone", "requirements", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamp, $8::timestamp)
     ON CONFLICT ("eventId", "email") DO NOTHING
     RETURNING "id"`,
    [
      newRowId(),
      h.eventId,
      h.buyer.email,
      first.company,
      first.contactName ?? h.buyer.name,
      h.buyer.phone,
      requirements,
      h.now.toISOString(),
    ],
  );
  if (inserted.rows[0]) return inserted.rows[0].id;
  const existing = await sql.query<{ id: string }>(
    `SELECT "id" FROM "Exhibitor" WHERE "eventId" = $1 AND "email" = $2`,
    [h.eventId, h.buyer.email],
  );
  return existing.rows[0].id;
}

const boothLine = z
  .object({ company: z.string().nullish(), contactName: z.string().nullish(), requirements: z.string().nullish() })
  .nullish();

/**
 * Who a booking says it is, from its own booth lines (`OrderItem.details`) as the buyer typed them: the
 * first line naming a company, else the buyer. What a paid booking writes into its exhibitor's profile,
 * and all a booking's own documents may print: the profile is shared by every booking from the address.
 */
export function bookedAs(buyerName: string, boothDetails: unknown[]) {
  const lines = boothDetails.map((d) => boothLine.safeParse(d).data ?? null);
  const first = lines.find((l) => l?.company?.trim());
  return {
    companyName: first?.company?.trim() || buyerName.trim(),
    contactName: first?.contactName?.trim() || buyerName.trim(),
    requirements: joinRequirements(lines.map((l) => l?.requirements)),
  };
}

/** Orders paid at some point (paid, or refunded since): settling sets paidAt and nothing clears it. */
const PAID_ONCE = { paidAt: { not: null } } as const;

/**
 * Staff see an exhibitor only once one of its bookings has been paid: the row filed at hold time holds
 * what an anonymous, unpaid order typed (anyone can book in anyone's name), so it is the address's own
 * until money backs it.
 */
export const exhibitorStaffSee = { orders: { some: PAID_ONCE } } as const;

/**
 * The paid booking's own details become its exhibitor's profile. The first paid booking of an address
 * writes the profile whole, replacing whatever an unpaid booking filed (a stranger may have booked in the
 * address's name first, with their own company and phone for the organisers to call). Later paid bookings
 * only fill the gaps (a field left empty), never replacing what is there: money changing hands still
 * proves nothing about who owns the address, and the exhibitor may have edited the profile since. After
 * the event's edit deadline (or its start without one) the organisers work from a profile as it is, so a
 * profile they already see changes no more. Call in the paying transaction, after the order is marked paid.
 */
export async function profileFromPaidBookingInTx(tx: DbTx, orderId: string, now: Date): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      eventId: true,
      buyerName: true,
      buyerEmail: true,
      buyerPhone: true,
      items: { where: { kind: "booth" }, orderBy: { id: "asc" }, select: { details: true } },
      exhibitor: {
        select: {
          id: true,
          companyName: true,
          contactName: true,
          phone: true,
          requirements: true,
          event: { select: { exhibitorEditDeadline: true, startsAt: true } },
        },
      },
    },
  });
  if (order.items.length === 0) return;
  const booked = bookedAs(
    order.buyerName,
    order.items.map((i) => i.details),
  );
  const offered = {
    companyName: booked.companyName,
    contactName: booked.contactName,
    phone: order.buyerPhone,
    requirements: booked.requirements,
  };

  const profile = order.exhibitor;
  if (!profile) {
    // Booth orders are filed at hold time; one that was not (older data) is filed now, from paid details.
    const row = await tx.exhibitor.upsert({
      where: { eventId_email: { eventId: order.eventId, email: order.buyerEmail } },
      create: { eventId: order.eventId, email: order.buyerEmail, ...offered },
      update: {},
      select: { id: true },
    });
    await tx.order.update({ where: { id: orderId }, data: { exhibitorId: row.id } });
    return profileFromPaidBookingInTx(tx, orderId, now);
  }

  const paidBefore = await tx.order.count({ where: { exhibitorId: profile.id, id: { not: orderId }, ...PAID_ONCE } });
  if (paidBefore === 0) {
    await tx.exhibitor.update({ where: { id: profile.id }, data: offered });
    return;
  }

  const deadline = profile.event.exhibitorEditDeadline ?? profile.event.startsAt;
  if (now >= deadline) return;
  const fill: Partial<Record<keyof typeof offered, string>> = {};
  const still: Prisma.ExhibitorWhereInput = { id: profile.id };
  for (const field of Object.keys(offered) as (keyof typeof offered)[]) {
    const value = offered[field];
    if (value && !profile[field]?.trim()) {
      fill[field] = value;
      // Only requirements can be null, and null is what it is compared with then.
      Object.assign(still, { [field]: profile[field] });
    }
  }
  if (Object.keys(fill).length === 0) return;
  // Conditional on the fields being as read, so a portal edit landing at the same moment wins.
  await tx.exhibitor.updateMany({ where: still, data: fill });
}
