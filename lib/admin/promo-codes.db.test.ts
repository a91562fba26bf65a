import { beforeAll, expect, it } from "vitest";
import type { AuthorizedUser } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { createPromoCode, listPromoCodes, setPromoCodePaused, updatePromoCode } from "./promo-codes";

const admin: AuthorizedUser = { id: "admin-1", email: "admin@example.com", role: "admin" } as AuthorizedUser;
const staff: AuthorizedUser = { id: "staff-1", email: "staff@example.com", role: "staff" } as AuthorizedUser;

describeEachDatabase("admin: promo codes per event", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
    await db().user.createMany({
      data: [
        { id: admin.id, email: admin.email, role: "admin" },
        { id: staff.id, email: staff.email, role: "staff" },
      ],
    });
  });
  const eventId = () => demo.nairobi.regular.eventId;
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: AppError) => ({ code: e.code, status: e.status, fields: e.fields }),
    );

  it("creates a code normalised, in the event's currency, with its types, window and limits", async () => {
    const created = await createPromoCode(db(), admin, eventId(), {
      code: "  wahenga ",
      description: "For the elders",
      discountKind: "amount",
      amount: "1,000",
      [`discount:${demo.nairobi.vip.id}`]: "on",
      maxUses: "20",
      maxUsesPerBuyer: "2",
      validFrom: "2030-01-01T09:00",
      validUntil: "2030-01-31T18:00",
    });
    expect(created).toMatchObject({
      code: "WAHENGA",
      currency: "KES",
      discountKind: "amount",
      discountValue: 1_000_00,
      ticketTypeIds: [demo.nairobi.vip.id],
      maxUses: 20,
      maxUsesPerBuyer: 2,
      paused: false,
    });
    // Nairobi is UTC+3: the window is typed in the event's zone.
    expect(created.validFrom?.toISOString()).toBe("2030-01-01T06:00:00.000Z");
    expect(
      await failure(
        createPromoCode(db(), admin, eventId(), { code: "Wahenga", discountKind: "percent", percent: "5" }),
      ),
    ).toMatchObject({
      status: 409,
      fields: { code: "This event already has that code." },
    });
    expect(
      await failure(createPromoCode(db(), admin, eventId(), { code: "X Y", discountKind: "percent" })),
    ).toMatchObject({
      code: "invalid_input",
      fields: { code: expect.any(String), percent: expect.any(String) },
    });
    // Only hidden types can be unlocked.
    expect(
      await failure(
        createPromoCode(db(), admin, eventId(), {
          code: "UNLOCKREG",
          discountKind: "none",
          [`unlock:${demo.nairobi.regular.id}`]: "on",
        }),
      ),
    ).toMatchObject({ code: "invalid_input" });
  });

  it("only admins manage codes", async () => {
    expect(
      await failure(createPromoCode(db(), staff, eventId(), { code: "STAFF", discountKind: "none" })),
    ).toMatchObject({
      code: "forbidden",
      status: 403,
    });
  });

  it("lists uses and revenue; pausing stops new orders; maxUses cannot go below the uses taken", async () => {
    const code = await createPromoCode(db(), admin, eventId(), {
      code: "LIST10",
      discountKind: "percent",
      percent: "10",
      maxUses: "5",
    });
    const place = () =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 2 }],
          buyer,
          promoCode: "list10",
        }),
      );
    const paid = await place();
    await place();
    const order = await db().order.findUniqueOrThrow({ where: { reference: paid.reference } });
    await db().$transaction((tx) => settleOrderPaid(tx, order.id, new Date()));

    const [row] = (await listPromoCodes(db(), eventId())).filter((c) => c.code === "LIST10");
    expect(row).toMatchObject({
      usesHeld: 1,
      usesUsed: 1,
      maxUses: 5,
      paidOrders: 1,
      revenueMinor: 4_500_00,
      discountGivenMinor: 500_00,
    });

    expect(
      await failure(
        updatePromoCode(db(), admin, code.id, { code: "LIST10", discountKind: "percent", percent: "10", maxUses: "1" }),
      ),
    ).toMatchObject({
      fields: { maxUses: "At least 2: the code is already used or held that often." },
    });
    const edited = await updatePromoCode(db(), admin, code.id, {
      code: "LIST10",
      discountKind: "percent",
      percent: "15",
      maxUses: "2",
    });
    expect(edited).toMatchObject({ discountValue: 15, maxUses: 2, usesHeld: 1, usesUsed: 1 });

    await updatePromoCode(db(), admin, code.id, {
      code: "LIST10",
      discountKind: "percent",
      percent: "15",
      maxUses: "",
    });
    await setPromoCodePaused(db(), admin, code.id, true);
    expect(await failure(place())).toMatchObject({ code: "promo_invalid" });
    await setPromoCodePaused(db(), admin, code.id, false);
    expect((await place()).discount).toEqual({ code: "LIST10", amount: 750_00 });
  });
});
