import { afterAll, beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { startAppServer } from "@/test/app-server";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { refundOrder } from "./order-actions";
import { getAdminOrder, orderSearchSchema, orderTimeline, searchOrders } from "./orders";
import { adminOrderKit, adminUser, until } from "./testing";

type Server = Awaited<ReturnType<typeof startAppServer>>;

describeEachDatabase("admin order search and timeline", (database) => {
  let server: Server;
  const db = () => database().prisma;
  const kit = adminOrderKit(db, () => server, "nairobi-tech-summit");
  const search = (params: Record<string, string>) => searchOrders(db(), orderSearchSchema.parse(params));
  const refs = async (params: Record<string, string>) => (await search(params)).rows.map((r) => r.reference);

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    server = await startAppServer();
  });
  afterAll(() => server?.close());

  it("finds an order by reference, name, e-mail, phone as typed locally, and M-Pesa receipt", async () => {
    const paid = await kit.paidByMpesa({ quantity: 1, buyerName: "Achieng Wambui-Odhiambo" });
    const other = await kit.pendingOrder({ quantity: 1, buyerName: "Baraka Mwangi" });
    const ref = paid.order.reference;

    expect(await refs({ q: ref })).toEqual([ref]);
    expect(await refs({ q: ref.toLowerCase() })).toEqual([ref]);
    expect(await refs({ q: "wambui-odh" })).toEqual([ref]);
    expect(await refs({ q: paid.buyer.email.toUpperCase() })).toEqual([ref]);
    // The buyer's phone as a Kenyan desk types it ("0712 345 678"), stored as E.164.
    expect(paid.order.buyerPhone).toMatch(/^\+2547/);
    expect(await refs({ q: paid.buyer.phone })).toEqual([ref]);
    expect(await refs({ q: paid.order.buyerPhone })).toEqual([ref]);
    expect(paid.payment.gatewayReceipt).toBeTruthy();
    expect(await refs({ q: paid.payment.gatewayReceipt! })).toEqual([ref]);
    expect(await refs({ q: paid.order.receiptNumber! })).toEqual([ref]);
    expect(await refs({ q: "Baraka" })).toEqual([other.order.reference]);
    expect(await refs({ q: "nobody-like-this" })).toEqual([]);
  });

  it("filters by event and status, newest first, a page at a time", async () => {
    const a = await kit.pendingOrder({ quantity: 1, buyerName: "Filter Kipchoge" });
    const b = await kit.pendingOrder({ quantity: 1, buyerName: "Filter Kipchoge" });
    const eventId = a.order.eventId;
    expect(await refs({ q: "filter kipchoge", eventId, status: "pending" })).toEqual([
      b.order.reference,
      a.order.reference,
    ]);
    expect(await refs({ q: "filter kipchoge", status: "paid" })).toEqual([]);
    const dar = await db().event.findUniqueOrThrow({ where: { slug: "dar-trade-expo" } });
    expect(await refs({ q: "filter kipchoge", eventId: dar.id })).toEqual([]);
    // Nonsense in the query string is no filter, not an error page.
    const loose = await search({ q: "filter kipchoge", status: "bogus", page: "-3" });
    expect(loose).toMatchObject({ page: 1, total: 2, pages: 1 });
  });

  it("tells a paid then refunded order's story in order: hold, payment, M-Pesa's notification, tickets, e-mails, the admin's refund", async () => {
    const admin = await adminUser(db());
    const paid = await kit.paidByMpesa({ quantity: 2 });
    await refundOrder(
      db(),
      admin,
      { reference: paid.order.reference, nonce: crypto.randomUUID(), reason: "Event clash" },
      server.env,
    );
    await until(
      () => db().refund.findMany({ where: { orderId: paid.order.id } }),
      (r) => r[0]?.status === "succeeded",
    );
    // The result notification is logged just after it completed the refund.
    await until(
      () => db().callbackLog.count({ where: { kind: "reversal-result", receivedAt: { gte: paid.payment.createdAt } } }),
      (n) => n > 0,
    );

    const order = await getAdminOrder(db(), paid.order.reference);
    expect(order.status).toBe("refunded");
    const timeline = await orderTimeline(db(), order);
    const times = timeline.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));

    const titles = timeline.map((e) => e.title);
    const at = (re: RegExp) => {
      const i = titles.findIndex((t) => re.test(t));
      expect(i, `timeline has ${re}: ${titles.join(" | ")}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const created = at(/^Order created/);
    const started = at(/^Payment started: M-Pesa/);
    const push = at(/^M-Pesa stk_push: ok/);
    const stk = at(/^Notification from M-Pesa \(stk\)/);
    const succeeded = at(/^Payment succeeded: M-Pesa/);
    const orderPaid = at(/^Order paid/);
    const issued = at(/^2 ticket\(s\) issued/);
    const confirmation = at(/^E-mail queued: .*/);
    const requested = at(/^Refund requested/);
    const reversal = at(/^M-Pesa reversal: ok/);
    const result = at(/^Notification from M-Pesa \(reversal-result\)/);
    const refunded = at(/^Refund succeeded/);
    const revoked = at(/^2 ticket\(s\) revoked/);
    const adminEntry = at(/^Admin: refund/);
    expect(created).toBeLessThan(started);
    expect(started).toBeLessThan(push);
    expect(push).toBeLessThan(stk);
    expect(succeeded).toBeLessThan(requested);
    expect(orderPaid).toBeLessThan(requested);
    expect(issued).toBeLessThan(requested);
    expect(confirmation).toBeLessThan(requested);
    expect(requested).toBeLessThan(reversal);
    expect(reversal).toBeLessThan(result);
    // The notification is logged once it has been handled, so it may sit just after the refund it completed.
    expect(reversal).toBeLessThan(refunded);
    expect(refunded).toBeLessThanOrEqual(revoked);
    expect(adminEntry).toBeGreaterThan(requested);

    const entry = (i: number) => timeline[i];
    expect(entry(stk).detail).toMatch(/verified/);
    expect(entry(succeeded).detail).toContain(`receipt ${paid.payment.gatewayReceipt}`);
    expect(entry(requested).detail).toContain(admin.email);
    expect(entry(requested).detail).toContain("Event clash");
    expect(entry(adminEntry).detail).toContain(`by ${admin.email}`);
    const emails = timeline.filter((e) => e.kind === "email").map((e) => e.detail);
    expect(emails).toEqual(
      expect.arrayContaining([expect.stringMatching(/^order_confirmation to /), expect.stringMatching(/^refund to /)]),
    );
  });

  it("shows gate scans of the order's tickets", async () => {
    const paid = await kit.paidByMpesa({ quantity: 1 });
    const ticket = await db().ticket.findFirstOrThrow({ where: { orderId: paid.order.id } });
    const staff = await adminUser(db(), "staff");
    await db().checkIn.create({
      data: {
        ticketId: ticket.id,
        eventId: ticket.eventId,
        result: "ok",
        gate: "North",
        deviceId: "phone-3",
        userId: staff.id,
        offline: true,
        scannedAt: new Date(),
      },
    });
    const timeline = await orderTimeline(db(), await getAdminOrder(db(), paid.order.reference));
    expect(timeline.at(-1)).toMatchObject({
      kind: "checkin",
      title: "Scan: ok",
      detail: expect.stringMatching(new RegExp(`gate North · by ${staff.email} · offline`)),
    });
  });
});
