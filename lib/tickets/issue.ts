import { z } from "zod";
import type { DbTx } from "../db/client";
import { newTicketId } from "./signing";

export interface IssuedTicket {
  id: string;
  orderItemId: string;
  attendeeName: string;
}

// OrderItem.details of a ticket line as checkout writes it; read leniently, since a name is optional.
const ticketDetails = z
  .object({
    attendees: z
      .array(
        z
          .object({
            name: z.string().nullish(),
            email: z.string().nullish(),
            answers: z.record(z.string(), z.union([z.string(), z.boolean()])).nullish(),
          })
          .nullish(),
      )
      .optional(),
  })
  .nullish();

// OrderItem.details of a booth line: the company its staff passes are named after.
const boothDetails = z.object({ company: z.string().nullish() }).nullish();

/**
 * Issues one ticket per seat of each ticket line of a paid order, named after the attendee entered at
 * checkout (or the buyer), and each booth's staff passes ("<Company> staff pass n", as many as the booth
 * allows), which the gate admits like tickets. Idempotent: seats and passes that already have a ticket
 * get no second one, so a duplicated callback or a retried job issues nothing new. Runs in the transaction that made the order
 * paid; the order row is locked first so two concurrent calls cannot both count zero and issue twice.
 */
export async function issueTicketsInTx(tx: DbTx, orderId: string, now: Date): Promise<IssuedTicket[]> {
  await tx.$queryRaw`SELECT "id" FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      status: true,
      eventId: true,
      buyerName: true,
      items: {
        where: { kind: { in: ["ticket", "booth"] } },
        orderBy: { id: "asc" },
        select: {
          id: true,
          kind: true,
          ticketTypeId: true,
          boothId: true,
          quantity: true,
          details: true,
          booth: { select: { staffPasses: true, bookedOrderId: true } },
          _count: { select: { tickets: true } },
        },
      },
    },
  });
  if (order.status !== "paid" && order.status !== "partially_refunded") return [];

  const rows: {
    id: string;
    orderId: string;
    orderItemId: string;
    eventId: string;
    ticketTypeId: string | null;
    boothId: string | null;
    attendeeName: string;
    attendeeEmail: string | null;
    answers?: Record<string, string | boolean>;
    createdAt: Date;
  }[] = [];
  for (const item of order.items) {
    if (item.kind === "booth") {
      // Passes only for a booth this order really booked: never for one that went to someone else.
      if (item.booth?.bookedOrderId !== orderId) continue;
      const company = boothDetails.safeParse(item.details).data?.company?.trim() || order.buyerName;
      for (let pass = item._count.tickets; pass < (item.booth?.staffPasses ?? 0); pass++) {
        rows.push({
          id: newTicketId(),
          orderId,
          orderItemId: item.id,
          eventId: order.eventId,
          ticketTypeId: null,
          boothId: item.boothId,
          attendeeName: `${company} staff pass ${pass + 1}`,
          attendeeEmail: null,
          createdAt: new Date(now.getTime() + rows.length),
        });
      }
      continue;
    }
    const attendees = ticketDetails.safeParse(item.details).data?.attendees ?? [];
    for (let seat = item._count.tickets; seat < item.quantity; seat++) {
      const attendee = attendees[seat];
      rows.push({
        id: newTicketId(),
        orderId,
        orderItemId: item.id,
        eventId: order.eventId,
        ticketTypeId: item.ticketTypeId,
        boothId: null,
        attendeeName: attendee?.name?.trim() || order.buyerName,
        attendeeEmail: attendee?.email?.trim() || null,
        ...(attendee?.answers && { answers: attendee.answers }),
        // One millisecond per seat keeps the tickets in checkout order when listed by creation time.
        createdAt: new Date(now.getTime() + rows.length),
      });
    }
  }
  if (rows.length) await tx.ticket.createMany({ data: rows });
  return rows.map(({ id, orderItemId, attendeeName }) => ({ id, orderItemId, attendeeName }));
}
