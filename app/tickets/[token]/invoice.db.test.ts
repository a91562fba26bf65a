import { beforeAll, expect, it } from "vitest";
import { POST as postOrder } from "@/app/api/orders/route";
import { useDatabase, type Db } from "@/lib/db/client";
import { pdfText } from "@/lib/documents/pdf-text.testkit";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { GET as invoice } from "./invoice.pdf/route";

const DAR = "dar-trade-expo";
const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const download = (token: string) => invoice(new Request(`http://test/tickets/${token}/invoice.pdf`), ctx(token));

describeEachDatabase("the booth invoice at /tickets/{token}/invoice.pdf", (database) => {
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
    await db().event.update({
      where: { slug: DAR },
      data: {
        organiserName: "Bahari Expo Ltd",
        organiserAddress: "P.O. Box 9184\nDar es Salaam",
        organiserTaxId: "123-456-789",
      },
    });
  });

  async function bookBooth(code: string, company: string) {
    const booth = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code } });
    const res = await postOrder(
      new Request("http://test/api/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          eventSlug: DAR,
          items: [],
          booths: [{ boothId: booth.id, company }],
          buyer: { name: "Neema Mushi", email: `${code.toLowerCase()}@stand.example.co.tz`, phone: "0754 123 456" },
        }),
      }),
      undefined as never,
    );
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    return db().order.findUniqueOrThrow({ where: { reference } });
  }

  it("gives an unpaid booking a pro-forma without a number, and numbers each paid one once, in sequence", async () => {
    const first = await bookBooth("B1", "Kilimo Bora Ltd");
    const second = await bookBooth("B2", "Pwani Crafts");
    // Unpaid: a pro-forma naming seller, buyer and booth, and no number taken from the event's sequence.
    const proForma = await download(second.accessToken);
    expect(proForma.status).toBe(200);
    expect(proForma.headers.get("content-disposition")).toBe(
      `attachment; filename="invoice-${second.reference}-pro-forma.pdf"`,
    );
    expect(proForma.headers.get("content-type")).toBe("application/pdf");
    expect(proForma.headers.get("cache-control")).toBe("private, no-store");
    const text = await pdfText(new Uint8Array(await proForma.arrayBuffer()));
    expect(text).toEqual(
      expect.arrayContaining([
        "Bahari Expo Ltd",
        "Dar es Salaam",
        "TIN 123-456-789",
        "Invoice (pro-forma)",
        "Pwani Crafts",
        "Amount due",
      ]),
    );
    expect(text.find((l) => l.startsWith("Booth B2 ("))).toBeDefined();
    expect(await db().boothInvoice.count({ where: { event: { slug: DAR } } })).toBe(0);

    // Paid: five downloads of the first at once still give it one number; the second gets the next.
    await db().$transaction((tx) => settleOrderPaid(tx, first.id, new Date()));
    await db().$transaction((tx) => settleOrderPaid(tx, second.id, new Date()));
    const firsts = await Promise.all(Array.from({ length: 5 }, () => download(first.accessToken)));
    expect(firsts.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const names = new Set(firsts.map((r) => r.headers.get("content-disposition")));
    expect(names).toEqual(new Set(['attachment; filename="invoice-DAR-TRADE-EXPO-0001.pdf"']));
    const res2 = await download(second.accessToken);
    expect(res2.headers.get("content-disposition")).toBe('attachment; filename="invoice-DAR-TRADE-EXPO-0002.pdf"');
    const paid = await pdfText(new Uint8Array(await res2.arrayBuffer()));
    expect(paid).toEqual(expect.arrayContaining(["Invoice DAR-TRADE-EXPO-0002", "Pwani Crafts"]));
    expect(paid.find((l) => l.startsWith("Paid on"))).toBeDefined();

    // Asked again, the same number.
    const again = await download(first.accessToken);
    expect(again.headers.get("content-disposition")).toContain("DAR-TRADE-EXPO-0001");
    expect(await db().boothInvoice.count({ where: { event: { slug: DAR } } })).toBe(2);
  });

  it("is in Kiswahili for a booking made in Kiswahili", async () => {
    const order = await bookBooth("B3", "Mama Ntilie Foods");
    await db().order.update({ where: { id: order.id }, data: { lang: "sw" } });
    const text = await pdfText(new Uint8Array(await (await download(order.accessToken)).arrayBuffer()));
    expect(text).toEqual(expect.arrayContaining(["Ankara kwa", "Kiasi kinachodaiwa", "Mama Ntilie Foods"]));
    expect(text.find((l) => l.startsWith("Banda B3 ("))).toBeDefined();
  });

  it("answers 404, and numbers nothing, for a ticket order or a booking that lapsed unpaid", async () => {
    const tickets = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      quantity: 1,
    });
    const res = await download(tickets.order.accessToken);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("not_found");
    const lapsed = await bookBooth("B4", "Late Ltd");
    await db().order.update({ where: { id: lapsed.id }, data: { status: "cancelled" } });
    expect((await download(lapsed.accessToken)).status).toBe(404);
    expect(await db().boothInvoice.count({ where: { orderId: { in: [tickets.order.id, lapsed.id] } } })).toBe(0);
    expect((await download("x".repeat(32))).status).toBe(404);
  });
});
