import { z } from "zod";
import type { DbTx } from "../db/client";
import { newRowId, type Sql } from "../db/sql";
import type { Prisma } from "../db/generated/client";

export interface BoothBookingDetails {
  company: string;
  contactName?: string;
  requirements?: string;
}

const joinRequirements = (values: (string | null | undefined)[]) => [...new Set(values.map((v) => v?.trim()).filter(Boolean))].join("\n") || null;

/**
 * The exhibitor profile a booth booking is filed under: one per event and e-mail. Ordering is anonymous
 * and the e-mail unverified, so a booking never changes a profile that already exists (its own company
 * and contact stay in the order's booth lines); a new address starts a profile from this booking. Runs only
 * once the booths are held, so the losers of a race touch nothing; ON CONFLICT DO NOTHING lets two
 * bookings from one address at the same moment share one row instead of failing on the unique key.
 */
export async function fileExhibitorInTx(
  sql: Sql,
  h: { eventId: string; buyer: { name: string; email: string; phone: string }; boothLines: BoothBookingDetails[]; now: Date },
): Promise<string> {
  const [first] = h.boothLines;
  const requirements = joinRequirements(h.boothLines.map((l) => l.requirements));
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO "Exhibitor" ("id", "eventId", "email", "companyName", "contactName", "phone", "requirements", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamp, $8::timestamp)
     ON CONFLICT ("eventId", "email") DO NOTHING
     RETURNING "id"`,
    [newRowId(), h.eventId, h.buyer.email, first.company, first.contactName ?? h.buyer.name, h.buyer.phone, requirements, h.now.toISOString()],
  );
  if (inserted.rows[0]) return inserted.rows[0].id;
  const existing = await sql.query<{ id: string }>(`SELECT "id" FROM "Exhibitor" WHERE "eventId" = $1 AND "email" = $2`, [h.eventId, h.buyer.email]);
  return existing.rows[0].id;
}

const boothLine = z.object({ company: z.string().nullish(), contactName: z.string().nullish(), requirements: z.string().nullish() }).nullish();

/**
 * Once a booking is paid, its details fill the gaps in its exhibitor's profile (a field left empty),
 * never replacing what is there: money changing hands still proves nothing about who owns the address.
 * After the event's edit deadline (or its start without one) the organisers work from the profile as it
 * is, so nothing changes then either. Call in the paying transaction.
 */
export async function fillExhibitorProfileInTx(tx: DbTx, orderId: string, now: Date): Promise<void> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      buyerName: true,
      buyerPhone: true,
      items: { where: { kind: "booth" }, orderBy: { id: "asc" }, select: { details: true } },
      exhibitor: { select: { id: true, companyName: true, contactName: true, phone: true, requirements: true, event: { select: { exhibitorEditDeadline: true, startsAt: true } } } },
    },
  });
  const profile = order.exhibitor;
  if (!profile) return;
  const deadline = profile.event.exhibitorEditDeadline ?? profile.event.startsAt;
  if (now >= deadline) return;
  const lines = order.items.map((i) => boothLine.safeParse(i.details).data ?? null);
  const first = lines.find((l) => l?.company?.trim());
  const offered = {
    companyName: first?.company?.trim(),
    contactName: first?.contactName?.trim() || order.buyerName.trim(),
    phone: order.buyerPhone,
    requirements: joinRequirements(lines.map((l) => l?.requirements)),
  };
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
