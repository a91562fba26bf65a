import "server-only";
import { z } from "zod";
import type { AuthorizedUser } from "../auth/guards";
import type { Db } from "../db/client";
import type { BoothSize, OrderStatus } from "../db/generated/client";
import { AppError, invalid, notFound } from "../errors";
import { parseWith } from "../http/api";
import { exhibitorStaffSee } from "../orders/exhibitor-profile";
import { normalizePhone } from "../orders/phone";
import { ticketCodes } from "../tickets/codes";
import type { OrderTicketView } from "../tickets/views";

/**
 * Who is looking at the portal. An exhibitor sees the rows booked with their own address; an admin may
 * look at one exhibitor's portal (read-only) by naming an Exhibitor row.
 */
export interface PortalViewer {
  user: AuthorizedUser;
  /** Admins only: the Exhibitor row whose portal to show. */
  asExhibitorId?: string;
}

/**
 * The Exhibitor rows the viewer may see: every row with the viewer's address, whatever the event.
 * (Exhibitor.userId is unique, so it can link a person to one event's row only; the address is what
 * ties one person's bookings across events together. A row linked by userId counts too.)
 */
async function scope(db: Db, viewer: PortalViewer): Promise<string[]> {
  let email = viewer.user.email.toLowerCase();
  if (viewer.user.role === "admin") {
    if (!viewer.asExhibitorId) return [];
    const row = await db.exhibitor.findUnique({ where: { id: viewer.asExhibitorId }, select: { email: true } });
    if (!row) return [];
    email = row.email.toLowerCase();
  } else if (viewer.user.role !== "exhibitor") {
    return [];
  }
  // Plain equality on lower(): LIKE/ILIKE would treat "_" in an address as a wildcard.
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Exhibitor" WHERE lower("email") = ${email} OR ("userId" = ${viewer.user.id} AND ${viewer.user.role === "exhibitor"})`;
  if (viewer.user.role !== "admin") return rows.map((r) => r.id);
  // Staff see a profile only once a booking of it is paid, here as in the exhibitor list.
  const seen = await db.exhibitor.findMany({
    where: { id: { in: rows.map((r) => r.id) }, ...exhibitorStaffSee },
    select: { id: true },
  });
  return seen.map((r) => r.id);
}

/** Keeps an admin's "viewing as" choice on links inside the portal. */
export const portalHref = (path: string, asExhibitorId?: string) =>
  asExhibitorId ? `${path}?exhibitor=${encodeURIComponent(asExhibitorId)}` : path;

/** Until when the exhibitor may change their profile: the event's deadline, or the event's start without one. */
export function editDeadline(event: { exhibitorEditDeadline: Date | null; startsAt: Date }): Date {
  return event.exhibitorEditDeadline ?? event.startsAt;
}

export interface PortalBooth {
  code: string;
  size: BoothSize;
  hall: string;
  staffPasses: number;
}

export interface PortalBooking {
  reference: string;
  status: OrderStatus;
  totalMinor: number;
  currency: string;
  createdAt: string;
  receiptNumber: string | null;
  /** The receipt PDF (only once paid); the link carries the order's secret, shown only to its exhibitor. */
  receiptUrl: string | null;
  /**
   * The numbered invoice PDF: for a booking awaiting payment or paid, and for one invoiced before it
   * lapsed (that invoice stays downloadable, marked void). Numbered on first download.
   */
  invoiceUrl: string | null;
  booths: PortalBooth[];
}

export interface PortalExhibitor {
  id: string;
  event: { name: string; slug: string; startsAt: string; timezone: string; country: string };
  companyName: string;
  contactName: string;
  email: string;
  phone: string;
  website: string | null;
  description: string | null;
  requirements: string | null;
  editableUntil: string;
  editable: boolean;
  bookings: PortalBooking[];
}

const bookingSelect = {
  reference: true,
  status: true,
  totalMinor: true,
  currency: true,
  createdAt: true,
  receiptNumber: true,
  accessToken: true,
  paidAt: true,
  boothInvoice: { select: { number: true } },
  items: {
    where: { kind: "booth" },
    orderBy: { id: "asc" },
    select: { booth: { select: { code: true, size: true, staffPasses: true, hall: { select: { name: true } } } } },
  },
} as const;

type BookingRow = {
  reference: string;
  status: OrderStatus;
  totalMinor: number;
  currency: string;
  createdAt: Date;
  receiptNumber: string | null;
  accessToken: string;
  paidAt: Date | null;
  boothInvoice: { number: number } | null;
  items: { booth: { code: string; size: BoothSize; staffPasses: number; hall: { name: string } } | null }[];
};

function toBooking(o: BookingRow): PortalBooking {
  return {
    reference: o.reference,
    status: o.status,
    totalMinor: o.totalMinor,
    currency: o.currency,
    createdAt: o.createdAt.toISOString(),
    receiptNumber: o.receiptNumber,
    receiptUrl: o.receiptNumber && o.paidAt ? `/tickets/${o.accessToken}/receipt.pdf` : null,
    invoiceUrl:
      o.boothInvoice || !["expired", "cancelled"].includes(o.status) ? `/tickets/${o.accessToken}/invoice.pdf` : null,
    booths: o.items.flatMap((i) =>
      i.booth
        ? [{ code: i.booth.code, size: i.booth.size, hall: i.booth.hall.name, staffPasses: i.booth.staffPasses }]
        : [],
    ),
  };
}

/** Everything the portal's home shows: each event the viewer exhibits at, with its profile and bookings. */
export async function listPortal(db: Db, viewer: PortalViewer, now = new Date()): Promise<PortalExhibitor[]> {
  const ids = await scope(db, viewer);
  if (!ids.length) return [];
  const rows = await db.exhibitor.findMany({
    where: { id: { in: ids } },
    orderBy: { event: { startsAt: "asc" } },
    include: {
      event: {
        select: { name: true, slug: true, startsAt: true, timezone: true, country: true, exhibitorEditDeadline: true },
      },
      orders: { orderBy: { createdAt: "desc" }, select: bookingSelect },
    },
  });
  return rows.map((x) => {
    const until = editDeadline(x.event);
    return {
      id: x.id,
      event: {
        name: x.event.name,
        slug: x.event.slug,
        startsAt: x.event.startsAt.toISOString(),
        timezone: x.event.timezone,
        country: x.event.country,
      },
      companyName: x.companyName,
      contactName: x.contactName,
      email: x.email,
      phone: x.phone,
      website: x.website,
      description: x.description,
      requirements: x.requirements,
      editableUntil: until.toISOString(),
      editable: viewer.user.role === "exhibitor" && now < until,
      bookings: x.orders.map(toBooking),
    };
  });
}

export interface PortalBookingDetail extends PortalBooking {
  exhibitorId: string;
  companyName: string;
  event: { name: string; timezone: string; country: string; venue: string; city: string; startsAt: string };
  /** Staff passes of the booking's booths, each a ticket with its QR code. */
  staffPasses: OrderTicketView[];
  /**
   * The order's secret, with which the exhibitor renames their passes through the buyer's own API; null for
   * an admin looking on, who may not change them.
   */
  accessToken: string | null;
  /** The printable passes (one A6 page each), once there is a pass to print. */
  passesPdfUrl: string | null;
}

/**
 * One booking by its reference, only if it belongs to one of the viewer's Exhibitor rows: another
 * exhibitor's reference answers exactly like one that does not exist.
 */
export async function getPortalBooking(db: Db, viewer: PortalViewer, reference: string): Promise<PortalBookingDetail> {
  const ids = await scope(db, viewer);
  const order = ids.length
    ? await db.order.findFirst({
        where: { reference: reference.trim().toUpperCase(), exhibitorId: { in: ids } },
        select: {
          ...bookingSelect,
          id: true,
          eventId: true,
          event: { select: { name: true, timezone: true, country: true, venue: true, city: true, startsAt: true } },
          exhibitor: { select: { id: true, companyName: true } },
        },
      })
    : null;
  if (!order || !order.exhibitor) throw notFound("order_not_found", "There is no such booking in your account.");
  const tickets = await db.ticket.findMany({
    where: { orderId: order.id, boothId: { not: null } },
    orderBy: [{ booth: { code: "asc" } }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      eventId: true,
      codeVersion: true,
      status: true,
      attendeeName: true,
      checkedInAt: true,
      booth: { select: { code: true } },
    },
  });
  const codes = await ticketCodes(db, tickets);
  const booking = toBooking(order);
  return {
    ...booking,
    exhibitorId: order.exhibitor.id,
    companyName: order.exhibitor.companyName,
    event: { ...order.event, startsAt: order.event.startsAt.toISOString() },
    accessToken: viewer.user.role === "exhibitor" ? order.accessToken : null,
    passesPdfUrl: [...codes.values()].some(Boolean)
      ? portalHref(`/exhibit/portal/bookings/${booking.reference}/passes.pdf`, viewer.asExhibitorId)
      : null,
    staffPasses: tickets.map((t) => ({
      id: t.id,
      attendeeName: t.attendeeName,
      ticketType: t.booth ? `Staff pass · booth ${t.booth.code}` : "Staff pass",
      code: codes.get(t.id) ?? null,
      status: t.status,
      checkedInAt: t.checkedInAt?.toISOString() ?? null,
    })),
  };
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}: at most ${max} characters.`)
    .transform((s) => s || null)
    .nullish()
    .transform((s) => s ?? null);

export const profileSchema = z.object({
  companyName: z.string().trim().min(1, "Enter the company name.").max(120, "At most 120 characters."),
  contactName: z.string().trim().min(1, "Enter a contact name.").max(100, "At most 100 characters."),
  phone: z.string().trim().min(1, "Enter a phone number.").max(30),
  website: z
    .string()
    .trim()
    .max(200, "At most 200 characters.")
    .transform((s) => (s && !/^https?:\/\//i.test(s) ? `https://${s}` : s))
    .pipe(
      z.union([
        z.literal(""),
        z.url({ protocol: /^https?$/, message: "Enter a web address such as https://example.com." }),
      ]),
    )
    .transform((s) => s || null)
    .nullish()
    .transform((s) => s ?? null),
  description: optionalText(2000, "Description"),
  requirements: optionalText(2000, "Requirements"),
});

/**
 * Saves an exhibitor's company profile and requirements for one event. Only the exhibitor themselves
 * (not an admin looking on), only their own row (another's id answers not-found), and only until the
 * event's edit deadline: the rule lives here, so a form posted after the deadline is refused too.
 */
export async function updatePortalProfile(
  db: Db,
  viewer: PortalViewer,
  exhibitorId: string,
  input: unknown,
  now = new Date(),
) {
  const ids = viewer.user.role === "exhibitor" ? await scope(db, viewer) : [];
  if (!ids.includes(exhibitorId)) throw notFound("not_found", "There is no such exhibitor profile in your account.");
  const row = await db.exhibitor.findUniqueOrThrow({
    where: { id: exhibitorId },
    select: { event: { select: { country: true, startsAt: true, exhibitorEditDeadline: true } } },
  });
  const until = editDeadline(row.event);
  if (now >= until)
    throw new AppError(
      "changes_closed",
      "The deadline for changes has passed: the organisers have your details as they are.",
      undefined,
      { editableUntil: until.toISOString() },
    );
  const data = parseWith(profileSchema, input, "profile");
  const phone = normalizePhone(data.phone, row.event.country);
  if (!phone)
    throw invalid("Enter a valid phone number.", {
      phone: "Enter a valid phone number, or start with + and the country code.",
    });
  const updated = await db.exhibitor.update({ where: { id: exhibitorId }, data: { ...data, phone } });
  await db.auditLog.create({
    data: {
      actorId: viewer.user.id,
      action: "exhibitor.profile.update",
      entity: "Exhibitor",
      entityId: exhibitorId,
      data: { ...data, phone },
    },
  });
  return updated;
}
