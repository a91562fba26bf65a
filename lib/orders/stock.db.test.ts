import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { createOrder } from "./create-order";
import { releaseExpiredHolds } from "./holds";
import { createOrderSchema } from "./schemas";
import { settleOrderPaid } from "./settle";
import { sqlOf, txSql } from "@/lib/db/sql";
import {
  blockBooth,
  extendBoothHolds,
  firstShort,
  holdBooth,
  holdSeats,
  holdSeatsAndCommit,
  SeatsNotHeld,
  sellFree,
  setCapacity,
} from "./stock";

const DAR = "dar-trade-expo";
const buyer = (n: string) => ({ name: `Buyer ${n}`, email: `stock-${n}@example.co.tz`, phone: "0754 123 456" });

describeEachDatabase("the stock module", (database) => {
  checkStockAfterEach(() => database().prisma);
  const db = (): Db => database().prisma;
  let regularId: string;

  beforeAll(async () => {
    regularId = (await seedDemo(db())).dar.regular.id;
  });

  /** An order placed `hoursAgo`, whose hold has run out and been released, by the time the money arrives. */
  async function expiredOrder(
    n: string,
    body: { items?: { ticketTypeId: string; quantity: number }[]; booths?: { boothId: string; company: string }[] },
  ) {
    const placed = new Date(Date.now() - 3 * 60 * 60_000);
    const { reference } = await createOrder(
      db(),
      createOrderSchema.parse({ eventSlug: DAR, buyer: buyer(n), ...body }),
      placed,
    );
    await releaseExpiredHolds(db(), {
      eventId: (await db().order.findUniqueOrThrow({ where: { reference } })).eventId,
    });
    const order = await db().order.findUniqueOrThrow({ where: { reference } });
    expect(order.status).toBe("expired");
    return order.id;
  }
  const stock = () =>
    db().ticketType.findUniqueOrThrow({ where: { id: regularId }, select: { capacity: true, sold: true, held: true } });
  const pay = (orderId: string) => db().$transaction((tx) => settleOrderPaid(tx, orderId, new Date()));

  it("a late payment takes the last seats exactly, and not one seat beyond capacity", async () => {
    const first = await expiredOrder("edge-1", { items: [{ ticketTypeId: regularId, quantity: 2 }] });
    const second = await expiredOrder("edge-2", { items: [{ ticketTypeId: regularId, quantity: 2 }] });
    // Exactly two seats left: the capacity is the event editor's column, not stock, so the test may set it.
    const before = await stock();
    await db().ticketType.update({ where: { id: regularId }, data: { capacity: before.sold + before.held + 2 } });

    expect(await pay(first)).toBe("paid_late");
    const full = await stock();
    expect(full.sold + full.held).toBe(full.capacity);
    expect(full.sold).toBe(before.sold + 2);

    expect(await pay(second)).toBe("no_capacity");
    expect(await stock()).toEqual(full);
  });

  it("all or nothing: a late order whose booth is gone sells none of its seats either", async () => {
    const b10 = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code: "B10" } });
    await db().ticketType.update({ where: { id: regularId }, data: { capacity: 1000 } });
    const late = await expiredOrder("mixed", {
      items: [{ ticketTypeId: regularId, quantity: 3 }],
      booths: [{ boothId: b10.id, company: "Late Ltd" }],
    });
    const taker = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        buyer: buyer("taker"),
        booths: [{ boothId: b10.id, company: "Taker Ltd" }],
      }),
    );
    const takerId = (await db().order.findUniqueOrThrow({ where: { reference: taker.reference } })).id;
    const before = await stock();

    expect(await pay(late)).toBe("no_capacity");
    expect(await stock()).toEqual(before);
    expect(await db().booth.findUniqueOrThrow({ where: { id: b10.id } })).toMatchObject({
      status: "held",
      holdOrderId: takerId,
      bookedOrderId: null,
    });
    expect((await db().order.findUniqueOrThrow({ where: { id: late } })).status).toBe("expired");
  });

  /** Runs stock statements in one transaction, as their callers do. */
  const inTx = <T>(fn: (sql: ReturnType<typeof txSql>) => Promise<T>) => db().$transaction((tx) => fn(txSql(tx)));

  it("a hold that does not fit says how many seats are left, and holds none of them", async () => {
    const before = await stock();
    await db().ticketType.update({ where: { id: regularId }, data: { capacity: before.sold + before.held + 3 } });
    expect(await inTx((sql) => holdSeats(sql, regularId, 4, new Date()))).toEqual({ held: false, left: 3 });
    expect(await stock()).toMatchObject({ held: before.held });
    expect(await inTx((sql) => holdSeats(sql, "no-such-type", 1, new Date()))).toEqual({ held: false, left: 0 });
  });

  it("an order of two ticket types whose second has no room holds neither, names that type and its seats left", async () => {
    const { nairobi } = await seedDemo(db());
    const typeStock = (id: string) =>
      db().ticketType.findUniqueOrThrow({ where: { id }, select: { capacity: true, sold: true, held: true } });
    const [regular, vip] = [await typeStock(nairobi.regular.id), await typeStock(nairobi.vip.id)];
    await db().ticketType.update({
      where: { id: nairobi.vip.id },
      data: { capacity: vip.sold + vip.held + 1 },
    });
    const orders = await db().order.count();
    const order = (quantity: number) =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: nairobi.slug,
          buyer: buyer(`two-types-${quantity}`),
          items: [
            { ticketTypeId: nairobi.regular.id, quantity: 2 },
            { ticketTypeId: nairobi.vip.id, quantity },
          ],
        }),
      );
    await expect(order(2)).rejects.toMatchObject({
      code: "sold_out",
      details: { ticketTypeId: nairobi.vip.id, available: 1 },
    });
    expect(await typeStock(nairobi.regular.id)).toEqual(regular);
    expect(await db().order.count()).toBe(orders);
    // The same at the statement itself, whatever a cached catalogue let through before it.
    const seats: [string, number][] = [
      [nairobi.vip.id, 2],
      [nairobi.regular.id, 2],
    ];
    await expect(sqlOf(db()).transaction((sql) => holdSeatsAndCommit(sql, seats, new Date()))).rejects.toBeInstanceOf(
      SeatsNotHeld,
    );
    expect(await typeStock(nairobi.regular.id)).toEqual(regular);
    expect(await firstShort(sqlOf(db()), seats)).toEqual({ ticketTypeId: nairobi.vip.id, left: 1 });
    expect(await firstShort(sqlOf(db()), [[nairobi.vip.id, 1]])).toBeNull();
    // The one seat left is held with the other type's two, in the same commit.
    await order(1);
    expect(await typeStock(nairobi.regular.id)).toMatchObject({ held: regular.held + 2 });
    expect(await typeStock(nairobi.vip.id)).toMatchObject({ held: vip.held + 1 });
  });

  it("holding seats with the commit reports only the stock check as seats gone; other failures are errors", async () => {
    const before = await stock();
    // A value the database refuses (not a number of seats) is an error of its own, not "sold out".
    await expect(
      sqlOf(db()).transaction((sql) => holdSeatsAndCommit(sql, [[regularId, Number.NaN]], new Date())),
    ).rejects.not.toBeInstanceOf(SeatsNotHeld);
    // A type that is not there (its row gone) is a server error, even beside one that was held.
    await expect(
      sqlOf(db()).transaction((sql) =>
        holdSeatsAndCommit(
          sql,
          [
            [regularId, 1],
            ["no-such-type", 1],
          ],
          new Date(),
        ),
      ),
    ).rejects.toThrow(/deleted during the order/);
    // On PostgreSQL the held seat was committed with the statement: give it back for the stock check.
    await db().$executeRaw`UPDATE "TicketType" SET "held" = ${before.held} WHERE "id" = ${regularId}`;
  });

  it("capacity cannot go below the seats already sold and held, but may go down to exactly them", async () => {
    const { sold, held } = await stock();
    expect(await inTx((sql) => setCapacity(sql, regularId, sold + held - 1, new Date()))).toBe(false);
    expect((await stock()).capacity).not.toBe(sold + held - 1);
    expect(await inTx((sql) => setCapacity(sql, regularId, sold + held, new Date()))).toBe(true);
    expect((await stock()).capacity).toBe(sold + held);
    await inTx((sql) => setCapacity(sql, regularId, 1000, new Date()));
  });

  it("an admin blocks a free booth and frees it again, but never blocks one a buyer holds", async () => {
    const booths = await db().booth.findMany({ where: { event: { slug: DAR } }, orderBy: { code: "asc" } });
    const free = booths.find((b) => b.status === "available")!;
    const status = async (id: string) => (await db().booth.findUniqueOrThrow({ where: { id } })).status;
    expect(await inTx((sql) => blockBooth(sql, free.id, false, new Date()))).toBe(false);
    expect(await inTx((sql) => blockBooth(sql, free.id, true, new Date()))).toBe(true);
    expect(await status(free.id)).toBe("blocked");
    expect(await inTx((sql) => blockBooth(sql, free.id, true, new Date()))).toBe(false);
    expect(await inTx((sql) => blockBooth(sql, free.id, false, new Date()))).toBe(true);
    expect(await status(free.id)).toBe("available");

    const { reference } = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        buyer: buyer("blocked"),
        booths: [{ boothId: free.id, company: "Held Ltd" }],
      }),
    );
    expect(await inTx((sql) => blockBooth(sql, free.id, true, new Date()))).toBe(false);
    expect(await status(free.id)).toBe("held");

    // The desk's longer hold moves this order's booth deadline, and only while it still holds the booth.
    const order = await db().order.findUniqueOrThrow({ where: { reference } });
    const until = new Date(Date.now() + 48 * 60 * 60_000);
    await inTx((sql) => extendBoothHolds(sql, order.id, until, new Date()));
    expect((await db().booth.findUniqueOrThrow({ where: { id: free.id } })).holdExpiresAt).toEqual(until);
    await inTx((sql) => extendBoothHolds(sql, "another-order", new Date(), new Date()));
    expect((await db().booth.findUniqueOrThrow({ where: { id: free.id } })).holdExpiresAt).toEqual(until);
  });
  it("a booth another buyer holds is not held a second time, and its holder keeps it", async () => {
    const free = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, status: "available" } });
    const { reference } = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        buyer: buyer("first-holder"),
        booths: [{ boothId: free.id, company: "First Ltd" }],
      }),
    );
    const holder = await db().order.findUniqueOrThrow({ where: { reference } });
    const held = await db().booth.findUniqueOrThrow({ where: { id: free.id } });
    const until = new Date(Date.now() + 60 * 60_000);
    expect(await inTx((sql) => holdBooth(sql, free.id, "someone-else", until, new Date()))).toBe(false);
    expect(await db().booth.findUniqueOrThrow({ where: { id: free.id } })).toMatchObject({
      status: "held",
      holdOrderId: holder.id,
      holdExpiresAt: held.holdExpiresAt,
    });
  });

  it("selling stock that is not free fails the whole sale rather than overselling a seat or a booth", async () => {
    const { sold, held } = await stock();
    await db().ticketType.update({ where: { id: regularId }, data: { capacity: sold + held } });
    const seat = { kind: "ticket" as const, ticketTypeId: regularId, boothId: null, quantity: 1 };
    await expect(inTx((sql) => sellFree(sql, "late-order", [seat], new Date()))).rejects.toThrow(
      `Ticket type ${regularId} has no room for 1 seats`,
    );
    expect(await stock()).toEqual({ capacity: sold + held, sold, held });
    await db().ticketType.update({ where: { id: regularId }, data: { capacity: 1000 } });

    // A booth a live order holds is not free, even for a sale whose seats fit.
    const free = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, status: "available" } });
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        buyer: buyer("live-holder"),
        booths: [{ boothId: free.id, company: "Live Ltd" }],
      }),
    );
    const taken = await db().booth.findUniqueOrThrow({ where: { id: free.id } });
    const booth = { kind: "booth" as const, ticketTypeId: null, boothId: taken.id, quantity: 1 };
    await expect(inTx((sql) => sellFree(sql, "late-order", [seat, booth], new Date()))).rejects.toThrow(
      `Booth ${taken.id} is not free`,
    );
    expect(await db().booth.findUniqueOrThrow({ where: { id: taken.id } })).toMatchObject({
      status: "held",
      holdOrderId: taken.holdOrderId,
      bookedOrderId: null,
    });
    expect((await stock()).sold).toBe(sold);
  });
  it("late money gets its booth back from a later holder whose hold ran out unswept, and that holder is expired", async () => {
    const booth = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, status: "available" } });
    const late = await expiredOrder("first-booth", { booths: [{ boothId: booth.id, company: "Early Ltd" }] });
    // Someone else took the booth after the first hold was released, and their hold has run out too,
    // but no sweep has released it yet.
    const { reference } = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        buyer: buyer("second-booth"),
        booths: [{ boothId: booth.id, company: "Second Ltd" }],
      }),
      new Date(Date.now() - 2 * 60 * 60_000),
    );
    const second = await db().order.findUniqueOrThrow({ where: { reference } });
    expect(second.status).toBe("pending");

    expect(await pay(late)).toBe("paid_late");
    expect(await db().booth.findUniqueOrThrow({ where: { id: booth.id } })).toMatchObject({
      status: "booked",
      bookedOrderId: late,
      holdOrderId: null,
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({
      status: "expired",
      holdReleasedAt: expect.any(Date),
    });
  });
});
