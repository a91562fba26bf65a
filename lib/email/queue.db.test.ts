import { beforeAll, expect, it } from "vitest";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { queueOrderConfirmationInTx } from "./queue";

describeEachDatabase("order confirmation queue", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
  });

  it("20 simultaneous confirmations of one order queue one message, naming every ticket", async () => {
    const { order, tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.vip.id,
      quantity: 2,
      attendees: [{ name: "Achieng <Odhiambo>" }, { name: "Baraka & Co" }],
    });
    // Settling already queued it; 20 more (duplicate callbacks racing) add nothing.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => db().$transaction((tx) => queueOrderConfirmationInTx(tx, order.id))),
    );
    expect(results.filter(Boolean)).toHaveLength(0);
    const mails = await db().emailOutbox.findMany({ where: { orderId: order.id } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      kind: "order_confirmation",
      dedupeKey: `order-confirmation:${order.id}`,
      to: order.buyerEmail,
      status: "queued",
    });
    expect(mails[0].html).toContain("Achieng &lt;Odhiambo&gt;");
    expect(mails[0].html).toContain("Baraka &amp; Co");
    expect(mails[0].html).toContain("VIP");
    for (const t of tickets)
      expect(mails[0].html).toMatch(new RegExp(`src="https?://[^"]+/tickets/${order.accessToken}/qr/${t.id}\\.png"`));
    // The event's picture heads it, at an address a mail client can load.
    expect(mails[0].html).toMatch(/src="https?:\/\/[^"]+\/images\/events\/nairobi-tech-summit\.png"/);
  });
});

describeEachDatabase("the confirmation speaks the order's language", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
  });

  it("an order placed in Kiswahili gets its confirmation in Kiswahili, with the same tickets and links", async () => {
    const { order, tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      quantity: 1,
      attendees: [{ name: "Wanjiru" }],
    });
    await db().order.update({ where: { id: order.id }, data: { lang: "sw" } });
    await db().$transaction((tx) => queueOrderConfirmationInTx(tx, order.id, { dedupeKey: "resend:sw" }));
    const mail = await db().emailOutbox.findUniqueOrThrow({ where: { dedupeKey: "resend:sw" } });
    // The organiser's Kiswahili names (the demo event has them) rather than the English ones.
    expect(mail.subject).toBe(`Tiketi zako za Mkutano wa Teknolojia Nairobi (agizo ${order.reference})`);
    expect(mail.text).toContain("Kawaida · tiketi 1 kati ya 1");
    expect(mail.html).toContain('lang="sw"');
    expect(mail.text).toContain("Tazama tiketi zako");
    expect(mail.text).toContain(`/tickets/${order.accessToken}/tickets.pdf`);
    expect(mail.html).toContain(`/tickets/${order.accessToken}/qr/${tickets[0].id}.png`);
    expect(mail.text).not.toContain("View your tickets");
    expect(mail.text).not.toContain("Nairobi Tech Summit");
  });
});
