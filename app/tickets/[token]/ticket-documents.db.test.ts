import jsQR from "jsqr";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { pdfText } from "@/lib/documents/pdf-text.testkit";
import { revokeTicketsInTx } from "@/lib/tickets/revoke";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { GET as calendar } from "./event.ics/route";
import { GET as qr } from "./qr/[ticketId]/route";
import { GET as receipt } from "./receipt.pdf/route";
import { GET as ticketsPdf } from "./tickets.pdf/route";

const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const get = (path: string, headers?: HeadersInit) => new Request(`http://test${path}`, { headers });
const decode = (png: Buffer) => {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
};

describeEachDatabase("ticket documents at /tickets/{token}/…", (database) => {
  const db = () => database().prisma;
  let paid: Awaited<ReturnType<typeof paidOrderWithTickets>>;
  let other: Awaited<ReturnType<typeof paidOrderWithTickets>>;
  beforeAll(async () => {
    useDatabase(database());
    const demo = await seedDemo(db());
    const order = (attendees: { name: string }[]) =>
      paidOrderWithTickets(db(), {
        eventSlug: demo.nairobi.slug,
        ticketTypeId: demo.nairobi.regular.id,
        quantity: attendees.length,
        attendees,
      });
    paid = await order([{ name: "Achieng Odhiambo" }, { name: "Kipchoge <Kamau> & Sons" }, { name: "Zawadi" }]);
    other = await order([{ name: "Someone Else" }]);
  });
  const token = () => paid.order.accessToken;

  describe("QR image", () => {
    it("is a PNG that decodes to the ticket's current code, cached privately with a validator", async () => {
      for (const t of paid.tickets) {
        const res = await qr(
          get(`/tickets/${token()}/qr/${t.id}.png`),
          ctx({ token: token(), ticketId: `${t.id}.png` }),
        );
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toBe("image/png");
        expect(res.headers.get("cache-control")).toBe("private, max-age=300");
        expect(decode(Buffer.from(await res.arrayBuffer()))).toBe(t.code);
      }
    });

    it("answers 304 to a client that already holds the current image", async () => {
      const t = paid.tickets[0];
      const first = await qr(get("/"), ctx({ token: token(), ticketId: `${t.id}.png` }));
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^".+"$/);
      const again = await qr(get("/", { "if-none-match": etag }), ctx({ token: token(), ticketId: `${t.id}.png` }));
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    });

    it("says 404, and the same thing, for a wrong token, a malformed one, or another order's ticket", async () => {
      const ticketId = `${paid.tickets[0].id}.png`;
      const wrong = await qr(get("/"), ctx({ token: "x".repeat(32), ticketId }));
      const malformed = await qr(get("/"), ctx({ token: "nope", ticketId }));
      const foreign = await qr(get("/"), ctx({ token: other.order.accessToken, ticketId }));
      expect([wrong.status, malformed.status, foreign.status]).toEqual([404, 404, 404]);
      expect(await wrong.json()).toEqual(await malformed.json());
    });

    it("shows no code for a revoked ticket", async () => {
      const t = other.tickets[0];
      await db().$transaction((tx) => revokeTicketsInTx(tx, { ticketIds: [t.id] }, new Date()));
      const res = await qr(get("/"), ctx({ token: other.order.accessToken, ticketId: `${t.id}.png` }));
      expect(res.status).toBe(404);
    });
  });

  it("the confirmation e-mail's images are these QR codes: each absolute URL decodes to its ticket's code", async () => {
    const mail = await db().emailOutbox.findUniqueOrThrow({
      where: { dedupeKey: `order-confirmation:${paid.order.id}` },
    });
    const images = [...mail.html.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    // Besides the QR codes, only the event's picture heading the mail.
    const sources = images.filter((src) => src.includes("/qr/"));
    expect(images.filter((src) => !src.includes("/qr/"))).toEqual([expect.stringMatching(/\/images\/events\//)]);
    expect(sources).toHaveLength(paid.tickets.length);
    const decoded: string[] = [];
    for (const src of sources) {
      const url = new URL(src);
      expect(url.protocol).toMatch(/^https?:$/);
      const [, , tok, , ticketId] = url.pathname.split("/");
      const res = await qr(get(url.pathname), ctx({ token: tok, ticketId }));
      decoded.push(decode(Buffer.from(await res.arrayBuffer()))!);
    }
    expect(decoded).toEqual(paid.tickets.map((t) => t.code));
  });

  it("serves the tickets as a PDF with one page per valid ticket", async () => {
    const res = await ticketsPdf(get("/"), ctx({ token: token() }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="tickets-${paid.order.reference}.pdf"`);
    const pdf = await PDFDocument.load(await res.arrayBuffer());
    expect(pdf.getPageCount()).toBe(3);
  });

  it("serves the event as a calendar file, with the ticket link and nothing cached", async () => {
    const res = await calendar(get("/"), ctx({ token: token() }));
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const ics = await res.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain(`UID:${paid.order.reference}@lango`);
    expect(ics.replace(/\r\n /g, "")).toContain(`/tickets/${token()}`);
    expect((await calendar(get("/"), ctx({ token: "y".repeat(32) }))).status).toBe(404);
  });

  it("writes the calendar note, the tickets and the receipt in the language the order was placed in", async () => {
    const sw = await paidOrderWithTickets(db(), {
      eventSlug: "nairobi-tech-summit",
      ticketTypeId: (await db().orderItem.findFirstOrThrow({ where: { orderId: paid.order.id } })).ticketTypeId!,
      quantity: 1,
      attendees: [{ name: "Wanjiru" }],
    });
    await db().order.update({ where: { id: sw.order.id }, data: { lang: "sw" } });
    const tok = sw.order.accessToken;
    const ics = (await (await calendar(get("/"), ctx({ token: tok }))).text()).replace(/\r\n /g, "");
    expect(ics).toContain("SUMMARY;LANGUAGE=sw:");
    expect(ics).toContain(`Tiketi zako: `);
    expect(ics).not.toContain("Your tickets");
    const tickets = await pdfText(
      new Uint8Array(await (await ticketsPdf(get("/"), ctx({ token: tok }))).arrayBuffer()),
    );
    expect(tickets).toContain("Inamruhusu mtu mmoja kuingia mara moja.");
    const paper = await pdfText(new Uint8Array(await (await receipt(get("/"), ctx({ token: tok }))).arrayBuffer()));
    expect(paper).toEqual(expect.arrayContaining(["Tarehe ya malipo", "Jumla iliyolipwa", "Tiketi ya Regular x 1"]));
  });

  it("serves the receipt of a paid order, and none for an order not paid", async () => {
    const res = await receipt(get("/"), ctx({ token: token() }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(paid.order.receiptNumber ?? "LR-");
    expect((await PDFDocument.load(await res.arrayBuffer())).getPageCount()).toBe(1);

    await db().order.update({ where: { id: other.order.id }, data: { receiptNumber: null, paidAt: null } });
    expect((await receipt(get("/"), ctx({ token: other.order.accessToken }))).status).toBe(404);
  });
});
