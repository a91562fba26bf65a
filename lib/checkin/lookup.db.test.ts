import { beforeAll, expect, it } from "vitest";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { checkinProgress, searchTickets } from "./lookup";
import { redeemScan } from "./redeem";

describeEachDatabase("gate lookup and progress", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
  });

  it("finds paid tickets by attendee, buyer or reference, and counts admissions per gate", async () => {
    const { order, tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.vip.id,
      quantity: 2,
      attendees: [{ name: "Neema Achieng" }, { name: "Otieno Baraka" }],
    });
    const eventId = demo.nairobi.vip.eventId;
    expect((await searchTickets(db(), eventId, "neema")).map((t) => t.attendeeName)).toEqual(["Neema Achieng"]);
    expect(await searchTickets(db(), eventId, order.reference.toLowerCase())).toHaveLength(2);
    expect(await searchTickets(db(), eventId, "x")).toEqual([]);
    expect(await searchTickets(db(), demo.dar.regular.eventId, "neema")).toEqual([]);

    const admin = await db().user.create({ data: { email: "gate@example.com", role: "staff" } });
    await redeemScan(db(), { code: tickets[0].code, gate: "North", userId: admin.id });
    const progress = await checkinProgress(db(), eventId);
    expect(progress).toMatchObject({ total: 2, checkedIn: 1, byGate: { North: 1 } });
    expect((await searchTickets(db(), eventId, "neema"))[0]).toMatchObject({
      gate: "North",
      checkedInAt: expect.any(String),
    });
  });

  it("takes %, _ and \\ in a search literally and ignores a NUL byte, never matching every ticket or failing", async () => {
    await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.vip.id,
      quantity: 1,
      attendees: [{ name: "Wanjiru 100% Kamau" }],
    });
    const eventId = demo.nairobi.vip.eventId;
    expect(await searchTickets(db(), eventId, "%%")).toEqual([]);
    expect(await searchTickets(db(), eventId, "__")).toEqual([]);
    expect(await searchTickets(db(), eventId, "\\\\")).toEqual([]);
    expect((await searchTickets(db(), eventId, "100%")).map((t) => t.attendeeName)).toEqual(["Wanjiru 100% Kamau"]);
    expect((await searchTickets(db(), eventId, "Wanj\u0000iru")).map((t) => t.attendeeName)).toEqual([
      "Wanjiru 100% Kamau",
    ]);
  });
});
