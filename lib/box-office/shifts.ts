import "server-only";
import type { AuthorizedUser } from "../auth/guards";
import type { Db, DbTx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { csvLines, csvStream } from "../admin/csv";
import { AppError, notFound } from "../errors";
import { toMajorUnits } from "../money";
import { parseWith } from "../http/api";
import { closeShiftSchema, openShiftSchema } from "./schemas";

export type Cashier = Pick<AuthorizedUser, "id" | "email" | "role">;

/** What the drawer should hold and what was taken, in the shift's (the event's) currency, minor units. */
export interface CashUp {
  currency: string;
  float: number;
  /** Cash taken for sales of the shift, and cash handed back over the desk (voids, refunds). */
  cashSales: number;
  cashRefunds: number;
  /** float + cash sales − cash refunds. */
  expectedCash: number;
  /** Net takings per gateway (payments less refunds): { cash, daraja, … }. */
  totals: Record<string, number>;
  /** Paid sales not voided, and the tickets they issued. */
  sales: number;
  tickets: number;
  voids: number;
}

export interface ClosedCashUp extends CashUp {
  countedCash: number;
  /** counted − expected: negative when the drawer is short. */
  difference: number;
  closedAt: string;
}

const shiftNotFound = () => notFound("shift_not_found", "There is no such open shift of yours.");

/**
 * Opens a shift at an event's box office with a cash float. One open shift per cashier and event: the
 * database refuses a second (partial unique index), so two tablets of one cashier cannot both open one.
 */
export async function openShift(db: Db, cashier: Cashier, raw: unknown, now = new Date()) {
  const input = parseWith(openShiftSchema, raw, "shift");
  const event = await db.event.findUnique({
    where: { slug: input.eventSlug },
    select: { id: true, currency: true, published: true },
  });
  if (!event?.published) throw notFound("event_not_found", `There is no event "${input.eventSlug}" on sale.`);
  try {
    const shift = await db.boxOfficeShift.create({
      data: {
        eventId: event.id,
        cashierId: cashier.id,
        currency: event.currency,
        floatMinor: input.float,
        openedAt: now,
      },
      select: { id: true },
    });
    await db.auditLog.create({
      data: {
        actorId: cashier.id,
        action: "box_office.shift_open",
        entity: "BoxOfficeShift",
        entityId: shift.id,
        data: { eventId: event.id, floatMinor: input.float, currency: event.currency },
      },
    });
    return { shiftId: shift.id };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const open = await db.boxOfficeShift.findFirst({
      where: { cashierId: cashier.id, eventId: event.id, closedAt: null },
      select: { id: true },
    });
    throw new AppError(
      "shift_already_open",
      "You already have an open shift at this event: sell in it, or close it first.",
      undefined,
      { shiftId: open?.id },
    );
  }
}

/** A shift the cashier may sell in and close: their own (an admin's own too). Others' shifts are not found. */
export async function ownShift(db: Db | DbTx, cashier: Cashier, shiftId: string) {
  const shift = await db.boxOfficeShift.findUnique({
    where: { id: shiftId },
    include: { event: { select: { id: true, slug: true, name: true, country: true, currency: true, timezone: true } } },
  });
  if (!shift || shift.cashierId !== cashier.id) throw shiftNotFound();
  return shift;
}

/**
 * The shift's reckoning from its sales' payments and refunds as recorded now. Money of a sale counts in
 * the shift it was sold in, whenever it settled; a payment refunded because the order was already paid
 * (a prompt approved after the buyer paid cash) counts in and out, so it changes no total.
 */
export async function computeCashUp(
  db: Db | DbTx,
  shift: { id: string; floatMinor: number; currency: string },
): Promise<CashUp> {
  const payments = await db.payment.findMany({
    where: { order: { boxOfficeSale: { shiftId: shift.id } }, status: { in: ["succeeded", "refunded"] } },
    select: {
      gateway: true,
      amountMinor: true,
      currency: true,
      refunds: { where: { status: "succeeded" }, select: { amountMinor: true } },
    },
  });
  const totals: Record<string, number> = {};
  let cashSales = 0;
  let cashRefunds = 0;
  for (const p of payments) {
    if (p.currency !== shift.currency) throw new Error(`payment in ${p.currency} in a ${shift.currency} shift`);
    const refunded = p.refunds.reduce((s, r) => s + r.amountMinor, 0);
    totals[p.gateway] = (totals[p.gateway] ?? 0) + p.amountMinor - refunded;
    if (p.gateway === "cash") {
      cashSales += p.amountMinor;
      cashRefunds += refunded;
    }
  }
  const [sales, tickets, voids] = await Promise.all([
    db.boxOfficeSale.count({ where: { shiftId: shift.id, voidedAt: null, order: { paidAt: { not: null } } } }),
    db.ticket.count({
      where: { status: "valid", order: { boxOfficeSale: { shiftId: shift.id, voidedAt: null } } },
    }),
    db.boxOfficeSale.count({ where: { shiftId: shift.id, voidedAt: { not: null } } }),
  ]);
  return {
    currency: shift.currency,
    float: shift.floatMinor,
    cashSales,
    cashRefunds,
    expectedCash: shift.floatMinor + cashSales - cashRefunds,
    totals,
    sales,
    tickets,
    voids,
  };
}

/**
 * Closes the cashier's shift with the cash counted in the drawer, once: the row is locked and must still
 * be open, so a double tap (or a retry after a lost answer) is told the shift is closed, with its cash-up.
 */
export async function closeShift(
  db: Db,
  cashier: Cashier,
  shiftId: string,
  raw: unknown,
  now = new Date(),
): Promise<ClosedCashUp> {
  const input = parseWith(closeShiftSchema, raw, "cash-up");
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS "locked" FROM "BoxOfficeShift" WHERE "id" = ${shiftId} FOR UPDATE`;
      const shift = await ownShift(tx, cashier, shiftId);
      if (shift.closedAt)
        throw new AppError("shift_closed", "This shift is already closed.", undefined, {
          cashUp: storedCashUp(shift),
        });
      const cashUp = await computeCashUp(tx, shift);
      const difference = input.countedCash - cashUp.expectedCash;
      await tx.boxOfficeShift.update({
        where: { id: shift.id },
        data: {
          closedAt: now,
          countedCashMinor: input.countedCash,
          expectedCashMinor: cashUp.expectedCash,
          totals: cashUp.totals as Prisma.InputJsonObject,
          salesCount: cashUp.sales,
          ticketsCount: cashUp.tickets,
        },
      });
      await tx.auditLog.create({
        data: {
          actorId: cashier.id,
          action: "box_office.shift_close",
          entity: "BoxOfficeShift",
          entityId: shift.id,
          data: { ...cashUp, countedCash: input.countedCash, difference } as unknown as Prisma.InputJsonObject,
        },
      });
      return { ...cashUp, countedCash: input.countedCash, difference, closedAt: now.toISOString() };
    },
    { timeout: 20_000, maxWait: 30_000 },
  );
}

type ShiftRow = {
  floatMinor: number;
  currency: string;
  closedAt: Date | null;
  countedCashMinor: number | null;
  expectedCashMinor: number | null;
  totals: Prisma.JsonValue;
  salesCount: number | null;
  ticketsCount: number | null;
};

/** The cash-up written at close. */
export function storedCashUp(s: ShiftRow) {
  if (!s.closedAt || s.countedCashMinor === null || s.expectedCashMinor === null) return null;
  return {
    currency: s.currency,
    float: s.floatMinor,
    expectedCash: s.expectedCashMinor,
    countedCash: s.countedCashMinor,
    difference: s.countedCashMinor - s.expectedCashMinor,
    totals: (s.totals ?? {}) as Record<string, number>,
    sales: s.salesCount ?? 0,
    tickets: s.ticketsCount ?? 0,
    closedAt: s.closedAt.toISOString(),
  };
}

/** The cashier's open shifts, for the till to pick up where it was (a reload, another tablet). */
export async function openShiftsOf(db: Db, cashierId: string) {
  const shifts = await db.boxOfficeShift.findMany({
    where: { cashierId, closedAt: null },
    orderBy: { openedAt: "desc" },
    select: { id: true, floatMinor: true, currency: true, openedAt: true, event: { select: { slug: true } } },
  });
  return shifts.map((s) => ({
    shiftId: s.id,
    eventSlug: s.event.slug,
    float: s.floatMinor,
    currency: s.currency,
    openedAt: s.openedAt.toISOString(),
  }));
}

export interface ShiftFilter {
  eventId?: string;
  cashierId?: string;
}

/**
 * Every shift for the admin, newest first, per event and cashier when filtered: closed ones with the
 * cash-up written at close, open ones with their reckoning so far (nothing counted yet).
 */
export async function listShifts(db: Db, filter: ShiftFilter = {}, take = 200) {
  const shifts = await db.boxOfficeShift.findMany({
    where: {
      ...(filter.eventId && { eventId: filter.eventId }),
      ...(filter.cashierId && { cashierId: filter.cashierId }),
    },
    orderBy: { openedAt: "desc" },
    take,
    include: {
      event: { select: { id: true, name: true } },
      cashier: { select: { id: true, email: true, name: true } },
    },
  });
  return Promise.all(
    shifts.map(async (s) => {
      const closed = storedCashUp(s);
      const live = closed ? null : await computeCashUp(db, s);
      return {
        id: s.id,
        event: s.event,
        cashier: s.cashier,
        openedAt: s.openedAt,
        closedAt: s.closedAt,
        currency: s.currency,
        float: s.floatMinor,
        expectedCash: closed?.expectedCash ?? live!.expectedCash,
        countedCash: closed?.countedCash ?? null,
        difference: closed?.difference ?? null,
        totals: closed?.totals ?? live!.totals,
        sales: closed?.sales ?? live!.sales,
        tickets: closed?.tickets ?? live!.tickets,
      };
    }),
  );
}

export const SHIFT_GATEWAYS = ["cash", "daraja", "mtn-momo", "airtel", "dpo", "flutterwave", "ksher"] as const;

/** The shifts as a spreadsheet: one row per shift, money in major units of its currency, a column per gateway. */
export async function shiftsCsv(db: Db, filter: ShiftFilter = {}) {
  const shifts = await listShifts(db, filter, 5000);
  const major = (m: number | null, currency: string) => (m === null ? null : toMajorUnits(m, currency));
  async function* rows() {
    for (const s of shifts)
      yield [
        s.id,
        s.event.name,
        s.cashier.email,
        s.openedAt.toISOString(),
        s.closedAt?.toISOString() ?? "open",
        s.currency,
        major(s.float, s.currency),
        major(s.expectedCash, s.currency),
        major(s.countedCash, s.currency),
        major(s.difference, s.currency),
        ...SHIFT_GATEWAYS.map((g) => major(s.totals[g] ?? 0, s.currency)),
        s.sales,
        s.tickets,
      ];
  }
  const header = [
    "shift",
    "event",
    "cashier",
    "opened",
    "closed",
    "currency",
    "float",
    "expected cash",
    "counted cash",
    "difference",
    ...SHIFT_GATEWAYS.map((g) => `total ${g}`),
    "sales",
    "tickets",
  ];
  return { filename: "box-office-shifts.csv", body: csvStream(csvLines(header, rows())) };
}
