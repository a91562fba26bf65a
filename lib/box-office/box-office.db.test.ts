import { beforeAll, expect, it } from "vitest";
import { requireRight } from "@/lib/auth/guards";
import { areaKey } from "@/lib/auth/landing";
import { liveAccount } from "@/lib/auth/session-version";
import { removeUser, setStaffRights } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/test/db";
import { paymentsApp, until } from "@/test/payments-kit";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { findSale, retrySalePayment, saleView, sell, voidSale, type SaleView } from "./sales";
import { closeShift, openShift } from "./shifts";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => (err instanceof AppError ? { status: err.status, code: err.code } : err),
  );

describeEachDatabase("box office: door sales, shifts and cash-up", (database) => {
  checkStockAfterEach(() => database().prisma);
  const { db, server, demo, sim } = paymentsApp(database);
  let cashier: { id: string; email: string; role: "staff" };
  let admin: { id: string; email: string; role: "admin" };
  let n = 0;
  const key = () => `sale-key-${Date.now()}-${++n}`;
  /** A Nairobi ticket type of its own, so each test counts its own seats. */
  const ticketType = async (opts: { capacity?: number; maxPerOrder?: number; price?: number } = {}) =>
    db().ticketType.create({
      data: {
        eventId: demo().nairobi.regular.eventId,
        name: `Door ${++n}`,
        priceMinor: opts.price ?? 1500_00,
        currency: "KES",
        capacity: opts.capacity ?? 100,
        maxPerOrder: opts.maxPerOrder ?? 10,
      },
    });
  const shift = async (who: { id: string; email: string; role: "staff" | "admin" } = cashier, float = 5000_00) => {
    // One open shift per cashier and event: close any left by an earlier test first.
    for (const s of await db().boxOfficeShift.findMany({ where: { cashierId: who.id, closedAt: null } }))
      await closeShift(db(), who, s.id, { countedCash: 0 });
    return (await openShift(db(), who, { eventSlug: demo().nairobi.slug, float })).shiftId;
  };

  /**
   * The prompt of an M-Pesa sale, resent the way the cashier taps "Resend prompt" when the gateway did not
   * answer in time (a loaded test machine makes the simulator slow).
   */
  const prompted = async (sale: SaleView, phone: string) => {
    for (let i = 0; i < 3 && sale.paymentStatus === "failed"; i++)
      sale = await retrySalePayment(
        db(),
        cashier,
        sale.reference,
        { payment: { gateway: "daraja", phone } },
        server().env,
      );
    return sale;
  };

  beforeAll(async () => {
    const u = await db().user.create({
      data: { email: "till@example.com", role: "staff", canScan: false, canSell: true },
    });
    cashier = { id: u.id, email: u.email, role: "staff" };
    const a = await db().user.create({ data: { email: "boss@example.com", role: "admin" } });
    admin = { id: a.id, email: a.email, role: "admin" };
  });

  it("a cash sale is paid at once, with its tickets, the right change and the seats sold", async () => {
    const type = await ticketType({ price: 1500_00 });
    const shiftId = await shift();
    const { sale, repeated } = await sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        payment: { gateway: "cash", tendered: 5000_00 },
        idempotencyKey: key(),
      },
      server().env,
    );
    expect(repeated).toBe(false);
    expect(sale).toMatchObject({ status: "paid", total: 3000_00, currency: "KES", tendered: 5000_00, change: 2000_00 });
    expect(sale.tickets).toHaveLength(2);
    expect(sale.receiptNumber).toBeTruthy();
    expect(sale.receiptUrl).toBe(`/box-office/receipts/${sale.reference}`);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ sold: 2, held: 0 });
    // Walk-in without an e-mail: nothing is queued to an empty address.
    const order = await db().order.findUniqueOrThrow({ where: { reference: sale.reference } });
    expect(await db().emailOutbox.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("refuses cash below the total, and sells past the online per-order maximum but never past capacity", async () => {
    const type = await ticketType({ price: 1000_00, capacity: 15, maxPerOrder: 4 });
    const shiftId = await shift();
    const low = sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        payment: { gateway: "cash", tendered: 1999_99 },
        idempotencyKey: key(),
      },
      server().env,
    );
    expect(await failure(low)).toEqual({ status: 422, code: "tendered_too_low" });
    const big = await sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 12 }],
        payment: { gateway: "cash", tendered: 12000_00 },
        idempotencyKey: key(),
      },
      server().env,
    );
    expect(big.sale).toMatchObject({ status: "paid", change: 0 });
    const again = key();
    const over = sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 4 }],
        payment: { gateway: "cash", tendered: 4000_00 },
        idempotencyKey: again,
      },
      server().env,
    );
    expect(await failure(over)).toEqual({ status: 409, code: "sold_out" });
    // Nothing sold, so the key is free for the corrected sale.
    const fixed = await sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 3 }],
        payment: { gateway: "cash", tendered: 3000_00 },
        idempotencyKey: again,
      },
      server().env,
    );
    expect(fixed.sale.status).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ sold: 15, held: 0 });
  });

  it("an STK sale becomes paid when the buyer approves the push, and 'sell and admit' checks its tickets in", async () => {
    const type = await ticketType({ price: 2000_00 });
    const shiftId = await shift();
    const { sale: first } = await sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        buyer: { name: "Achieng Otieno", phone: "0722 555 123" },
        payment: { gateway: "daraja", phone: "0722 555 123" },
        admit: true,
        idempotencyKey: key(),
      },
      server().env,
    );
    const sale = await prompted(first, "0722 555 123");
    expect(sale).toMatchObject({ status: "pending", gateway: "daraja", paymentStatus: "pending" });
    expect(sale.nextAction?.type).toBe("await_customer");
    expect(sale.tickets).toBeUndefined();
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; reference: string }[]>,
      (p) => p.some((x) => x.reference === sale.reference),
    );
    await sim(`prompts/${prompts.find((p) => p.reference === sale.reference)!.id}`, { outcome: "approve" });
    const found = await findSale(db(), cashier, sale.reference);
    const paid = await until(
      () => saleView(db(), found, server().env),
      (v) => v.status === "paid",
    );
    expect(paid.status).toBe("paid");
    expect(paid.gatewayReceipt).toMatch(/^[A-Z0-9]{10}$/);
    expect(paid.tickets).toHaveLength(1);
    expect(paid.tickets![0].checkedInAt).not.toBeNull();
    const scans = await db().checkIn.findMany({ where: { ticketId: paid.tickets![0].id } });
    expect(scans).toMatchObject([{ result: "ok", gate: "Box office", userId: cashier.id }]);
  });

  it("a retried sale with the same idempotency key sells once and answers the first sale; another sale under it is refused", async () => {
    const type = await ticketType({ price: 700_00 });
    const shiftId = await shift();
    const body = {
      shiftId,
      items: [{ ticketTypeId: type.id, quantity: 2 }],
      payment: { gateway: "cash", tendered: 2000_00 },
      idempotencyKey: key(),
    };
    const answers = await Promise.all([1, 2, 3].map(() => sell(db(), cashier, body, server().env).catch((e) => e)));
    const sold = answers.filter((a): a is Awaited<ReturnType<typeof sell>> => !(a instanceof Error));
    // Simultaneous copies either get the sale or "still being processed"; none sells again.
    for (const a of answers.filter((a) => a instanceof Error)) expect(a).toMatchObject({ code: "sale_in_progress" });
    const retried = await sell(db(), cashier, body, server().env);
    expect(retried.repeated).toBe(true);
    expect(new Set([...sold, retried].map((a) => a.sale.reference)).size).toBe(1);
    expect(retried.sale).toMatchObject({ status: "paid", change: 600_00 });
    expect(await db().boxOfficeSale.count({ where: { shiftId } })).toBe(1);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ sold: 2 });
    const other = sell(db(), cashier, { ...body, items: [{ ticketTypeId: type.id, quantity: 1 }] }, server().env);
    expect(await failure(other)).toEqual({ status: 422, code: "idempotency_key_reused" });
  });

  it("cash-up is exact: float + cash sales − cash refunds, M-Pesa apart; closes once; a closed shift refuses sales", async () => {
    const type = await ticketType({ price: 1234_00 });
    const shiftId = await shift(cashier, 3000_00);
    const cashSale = (quantity: number, tendered: number) =>
      sell(
        db(),
        cashier,
        {
          shiftId,
          items: [{ ticketTypeId: type.id, quantity }],
          payment: { gateway: "cash", tendered },
          idempotencyKey: key(),
        },
        server().env,
      );
    await cashSale(2, 2500_00);
    const voided = await cashSale(1, 1300_00);
    await cashSale(3, 4000_00);
    // An M-Pesa sale of the shift counts in its own total, not in the drawer.
    const rung = await sell(
      db(),
      cashier,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        payment: { gateway: "daraja", phone: "0733 111 222" },
        idempotencyKey: key(),
      },
      server().env,
    );
    const mpesa = { sale: await prompted(rung.sale, "0733 111 222") };
    expect(mpesa.sale.paymentStatus).toBe("pending");
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; reference: string }[]>,
      (p) => p.some((x) => x.reference === mpesa.sale.reference),
    );
    await sim(`prompts/${prompts.find((p) => p.reference === mpesa.sale.reference)!.id}`, { outcome: "approve" });
    const found = await findSale(db(), cashier, mpesa.sale.reference);
    await until(
      () => saleView(db(), found, server().env),
      (v) => v.status === "paid",
    );

    // The cashier voids a cash sale over the desk; an M-Pesa sale only an admin may refund.
    const gone = await voidSale(db(), cashier, voided.sale.reference, { reason: "Wrong ticket type" }, server().env);
    expect(gone).toMatchObject({ voided: true, status: "refunded" });
    expect(
      await failure(voidSale(db(), cashier, mpesa.sale.reference, { reason: "Changed mind" }, server().env)),
    ).toEqual({
      status: 403,
      code: "forbidden",
    });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "box_office.void" } });
    expect(audit).toMatchObject({ actorId: cashier.id, data: { reason: "Wrong ticket type" } });

    const cashIn = 123400 * 6;
    const cashBack = 123400;
    const up = await closeShift(db(), cashier, shiftId, { countedCash: 3000_00 + cashIn - cashBack - 50_00 });
    expect(up).toMatchObject({
      currency: "KES",
      float: 3000_00,
      cashSales: cashIn,
      cashRefunds: cashBack,
      expectedCash: 3000_00 + cashIn - cashBack,
      difference: -50_00,
      totals: { cash: cashIn - cashBack, daraja: 123400 },
      sales: 3,
      tickets: 6,
      voids: 1,
    });
    expect(await failure(closeShift(db(), cashier, shiftId, { countedCash: 0 }))).toEqual({
      status: 409,
      code: "shift_closed",
    });
    const late = cashSale(1, 2000_00);
    expect(await failure(late)).toEqual({ status: 409, code: "shift_closed" });
    const stored = await db().boxOfficeShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(stored).toMatchObject({
      expectedCashMinor: up.expectedCash,
      countedCashMinor: up.countedCash,
      salesCount: 3,
    });
  });

  it("one open shift per cashier and event; another cashier's shift is not theirs to sell in", async () => {
    const shiftId = await shift();
    expect(await failure(openShift(db(), cashier, { eventSlug: demo().nairobi.slug, float: 0 }))).toEqual({
      status: 409,
      code: "shift_already_open",
    });
    const type = await ticketType();
    const theirs = sell(
      db(),
      admin,
      {
        shiftId,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        payment: { gateway: "cash", tendered: 1500_00 },
        idempotencyKey: key(),
      },
      server().env,
    );
    expect(await failure(theirs)).toEqual({ status: 404, code: "shift_not_found" });
  });

  it("rights are enforced: gate-only staff cannot sell, box-office-only staff cannot scan; a change of rights ends sessions", async () => {
    const gate = await db().user.create({ data: { email: "gate-only@example.com", role: "staff" } });
    const till = await db().user.findUniqueOrThrow({ where: { id: cashier.id } });
    const claim = (u: { id: string; sessionVersion: number }) => ({
      id: u.id,
      role: "staff" as const,
      sessionVersion: u.sessionVersion,
    });
    expect(gate).toMatchObject({ canScan: true, canSell: false });
    expect(await failure(requireRight(claim(gate), "sell", db()))).toEqual({ status: 403, code: "forbidden" });
    expect(await requireRight(claim(gate), "scan", db())).toMatchObject({ id: gate.id });
    expect(await failure(requireRight(claim(till), "scan", db()))).toEqual({ status: 403, code: "forbidden" });
    expect(await requireRight(claim(till), "sell", db())).toMatchObject({ id: till.id });
    const boss = await db().user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(
      await requireRight({ id: boss.id, role: "admin", sessionVersion: boss.sessionVersion }, "sell", db()),
    ).toBeTruthy();
    expect(areaKey((await liveAccount(db(), claim(till)))!)).toBe("box-office");
    expect(areaKey((await liveAccount(db(), claim(gate)))!)).toBe("staff");

    // The admin grants the gate steward the till: their old session ends, the new rights apply at sign-in.
    await setStaffRights(db(), { ...admin, name: null }, { userId: gate.id, canScan: "on", canSell: "on" });
    expect(await failure(requireRight(claim(gate), "sell", db()))).toEqual({ status: 401, code: "unauthorized" });
    const fresh = await db().user.findUniqueOrThrow({ where: { id: gate.id } });
    expect(fresh.sessionVersion).toBe(gate.sessionVersion + 1);
    expect(await requireRight(claim(fresh), "sell", db())).toMatchObject({ id: gate.id });
    expect(
      await failure(
        setStaffRights(
          db(),
          { id: till.id, email: till.email, name: null, role: "staff" },
          { userId: gate.id, canSell: "on" },
        ),
      ),
    ).toEqual({ status: 403, code: "forbidden" });
    // A cashier with shifts on record is retired by taking their rights away, not removed.
    await shift();
    expect(await failure(removeUser(db(), { ...admin, name: null }, till.id))).toEqual({
      status: 409,
      code: "change_not_allowed",
    });
    await setStaffRights(db(), { ...admin, name: null }, { userId: till.id });
    const retired = await db().user.findUniqueOrThrow({ where: { id: till.id } });
    expect(await failure(requireRight(claim(retired), "sell", db()))).toEqual({ status: 403, code: "forbidden" });
    expect(await failure(requireRight(claim(retired), "scan", db()))).toEqual({ status: 403, code: "forbidden" });
  });
});
