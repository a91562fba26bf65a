import "server-only";
import { z } from "zod";
import { requireRole } from "../auth/guards";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError, invalid } from "../errors";
import { parseWith } from "../http/api";
import { releaseHold } from "../orders/holds";
import { emailKey } from "../orders/order-limits";
import { applyPaymentResult } from "../payments/apply-result";
import type { ActionOutcome } from "./order-actions";

/** Orders released per submit: a hoarding script's holds, not a whole sale, and an answer within seconds. */
const BATCH = 500;

export const releaseHoldsInput = z.object({
  eventId: z.string().trim().min(1, "Choose an event.").max(40),
  /** One buyer's holds: any way of writing their inbox matches (order-limits.ts emailKey). */
  email: z
    .union([z.literal(""), z.email("Enter a valid e-mail address.").max(200)])
    .optional()
    .default(""),
  /** Only the holds waiting for payment at the desk. */
  deskOnly: z.literal("on").optional(),
  confirm: z.literal("on", "Tick the box to confirm releasing these holds."),
});

export interface ReleaseOutcome extends ActionOutcome {
  released: number;
  skipped: number;
}

/** The unpaid holds of an event an admin may release: pending, still holding, narrowed to one buyer or to the desk. */
function holdsWhere(
  eventId: string,
  filter: { email?: string; deskOnly?: boolean },
  now: Date,
): Prisma.OrderWhereInput {
  return {
    eventId,
    status: "pending",
    holdReleasedAt: null,
    expiresAt: { gt: now },
    ...(filter.deskOnly && { deskHoldAt: { not: null } }),
    ...(filter.email && {
      OR: [{ buyerEmailKey: emailKey(filter.email) }, { buyerEmail: filter.email.toLowerCase() }],
    }),
  };
}

/** What the orders page offers to release for an event: all unpaid holds, and those at the desk. */
export async function countUnpaidHolds(
  db: Db,
  eventId: string,
  now = new Date(),
): Promise<{ all: number; desk: number }> {
  const [all, desk] = await Promise.all([
    db.order.count({ where: holdsWhere(eventId, {}, now) }),
    db.order.count({ where: holdsWhere(eventId, { deskOnly: true }, now) }),
  ]);
  return { all, desk };
}

const CANCELLED = { gatewayCode: "order_cancelled", message: "The organiser released this order's hold." };

/**
 * Cancels, in bulk, the unpaid orders of one event that hold seats or booths: those waiting at the desk,
 * those of one buyer, or both filters together. Admins only, checked here whatever page called it. Each
 * order goes through releaseHold, so its stock comes back exactly once, and its waiting desk attempt is
 * closed; an order whose online payment is under way right now is left alone (its money would only be
 * refunded). Each release is in the order's own timeline.
 */
export async function releaseUnpaidHolds(
  db: Db,
  who: Parameters<typeof requireRole>[0],
  raw: unknown,
  now = new Date(),
): Promise<ReleaseOutcome> {
  const actor = await requireRole(who, ["admin"], db);
  const input = parseWith(releaseHoldsInput, raw, "release");
  if (!input.email && !input.deskOnly) {
    throw invalid("Choose the holds to release: those waiting at the desk, or one buyer's (by e-mail).", {
      email: "Give an e-mail, or tick “only desk holds”.",
    });
  }
  const event = await db.event.findUnique({ where: { id: input.eventId }, select: { id: true, name: true } });
  if (!event) throw new AppError("event_not_found", "There is no such event.");

  const orders = await db.order.findMany({
    where: holdsWhere(event.id, { email: input.email, deskOnly: !!input.deskOnly }, now),
    orderBy: { createdAt: "asc" },
    take: BATCH,
    select: {
      id: true,
      payments: {
        where: { status: "pending" },
        select: { id: true, gateway: true, gatewayReference: true, expiresAt: true },
      },
    },
  });
  let released = 0;
  let skipped = 0;
  for (const order of orders) {
    const paying = order.payments.some((p) => p.gateway !== "cash" && p.expiresAt > now);
    if (paying) {
      skipped++;
      continue;
    }
    if (!(await releaseHold(db, order.id, "cancelled", now))) continue;
    released++;
    for (const p of order.payments) {
      if (p.gateway === "cash" && !p.gatewayReference)
        await applyPaymentResult(db, p.id, { status: "cancelled", failure: CANCELLED }, now);
    }
    await db.auditLog.create({
      data: {
        actorId: actor.id,
        action: "order.release_hold",
        entity: "order",
        entityId: order.id,
        data: { bulk: true, email: input.email || null, deskOnly: !!input.deskOnly },
      },
    });
  }

  const what = [input.deskOnly && "waiting at the desk", input.email && `of ${input.email}`].filter(Boolean).join(" ");
  if (released === 0 && skipped === 0)
    return { tone: "info", released, skipped, message: `No unpaid holds ${what} for ${event.name}.` };
  const more = orders.length === BATCH ? " More remain: submit again to release the next ones." : "";
  const busy = skipped
    ? ` ${skipped} ${skipped === 1 ? "order is" : "orders are"} being paid online right now and ${skipped === 1 ? "was" : "were"} left alone.`
    : "";
  return {
    tone: skipped ? "warning" : "info",
    released,
    skipped,
    message: `Released ${released} unpaid ${released === 1 ? "order" : "orders"} ${what} for ${event.name}; their seats and booths are on sale again.${busy}${more}`,
  };
}
