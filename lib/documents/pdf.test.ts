import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { fitText, invoicePdf, printable, receiptPdf, ticketsPdf, type InvoicePdfInput } from "./pdf";
import { pdfText } from "./pdf-text.testkit";

const nairobiTime = { startsAt: new Date("2026-12-23T06:00:00Z"), timezone: "Africa/Nairobi", country: "KE" };

it("makes a printable PDF with one page per ticket, and a one-page receipt", async () => {
  const pdf = await ticketsPdf({
    lang: "en",
    reference: "LGABCDEFGH",
    event: { name: "Nairobi Tech Summit", venue: "KICC", city: "Nairobi", ...nairobiTime },
    tickets: [
      { attendeeName: "Achieng Ödhiambo", ticketType: "VIP", code: "AAAA.BBBB" },
      { attendeeName: "名前", ticketType: null, code: "CCCC.DDDD" },
    ],
  });
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
  expect((await PDFDocument.load(pdf)).getPageCount()).toBe(2);
  const receipt = await receiptPdf({
    lang: "en",
    receiptNumber: "LR-2026-001001",
    reference: "LGABCDEFGH",
    paidAt: new Date(),
    buyerName: "A",
    eventName: "E",
    currency: "KES",
    totalMinor: 500000,
    refundedMinor: 0,
    items: [{ description: "Regular ticket", quantity: 2, totalMinor: 500000 }],
    payments: [{ gateway: "daraja", receipt: "NLJ7RT61SV", amountMinor: 500000 }],
  });
  expect((await PDFDocument.load(receipt)).getPageCount()).toBe(1);
});

it("keeps what the PDF fonts can draw and drops only what they cannot", () => {
  expect(printable("Achieng Ödhiambo")).toBe("Achieng Ödhiambo");
  expect(printable("O’Neil – VIP")).toBe("O’Neil – VIP");
  expect(printable("Ştefan Ğül")).toBe("Stefan Gül");
  expect(printable("名前")).toBe("??");
});

it("fits long names on the ticket instead of running off the page, and starts a new receipt page for long orders", async () => {
  const long = "The Extraordinarily Long Annual East African Technology, Trade and Innovation Summit ".repeat(3);
  const pdf = await ticketsPdf({
    lang: "en",
    reference: "LGABCDEFGH",
    event: { name: long, venue: long, city: "Nairobi", ...nairobiTime },
    tickets: [{ attendeeName: "Wanjiku ".repeat(30), ticketType: "Regular ".repeat(20), code: "AAAA.BBBB" }],
  });
  expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
  const receipt = await receiptPdf({
    lang: "en",
    receiptNumber: "LR-2026-001002",
    reference: "LGABCDEFGH",
    paidAt: new Date("2026-11-23T11:05:00Z"),
    timeZone: "Africa/Nairobi",
    country: "KE",
    buyerName: "A",
    eventName: long,
    currency: "KES",
    totalMinor: 100,
    refundedMinor: 0,
    items: Array.from({ length: 60 }, (_, i) => ({ description: `${long} item ${i}`, quantity: 1, totalMinor: 100 })),
    payments: [{ gateway: "daraja", receipt: "NLJ7RT61SV", amountMinor: 100 }],
  });
  expect((await PDFDocument.load(receipt)).getPageCount()).toBeGreaterThan(1);
});

it("shrinks a long line to fit, and cuts it only when even the smallest size is too wide", async () => {
  const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  expect(fitText(font, "Zawadi", 12, 250)).toEqual({ line: "Zawadi", size: 12 });
  const shrunk = fitText(font, "Nairobi Tech Summit: Builders and Makers", 13, 200);
  expect(shrunk.size).toBeLessThan(13);
  expect(shrunk.line).toBe("Nairobi Tech Summit: Builders and Makers");
  expect(font.widthOfTextAtSize(shrunk.line, shrunk.size)).toBeLessThanOrEqual(200);
  const cut = fitText(font, "Wanjiku ".repeat(40), 12, 250);
  expect(cut.line.endsWith("...")).toBe(true);
  expect(font.widthOfTextAtSize(cut.line, cut.size)).toBeLessThanOrEqual(250);
});

it("names the seller on the receipt as an accountant needs: legal name, address and tax number", async () => {
  const receipt = await receiptPdf({
    lang: "en",
    receiptNumber: "LR-2026-001003",
    reference: "LGABCDEFGH",
    paidAt: new Date("2026-11-23T11:05:00Z"),
    timeZone: "Africa/Nairobi",
    country: "KE",
    buyerName: "Achieng Odhiambo",
    eventName: "Nairobi Tech Summit",
    currency: "KES",
    totalMinor: 500000,
    refundedMinor: 0,
    items: [{ description: "Regular ticket", quantity: 2, totalMinor: 500000 }],
    payments: [{ gateway: "daraja", receipt: "NLJ7RT61SV", amountMinor: 500000 }],
    seller: {
      name: "Savannah Events Ltd",
      address: "P.O. Box 30021-00100\nHarambee Avenue, Nairobi",
      taxId: "P051234567X",
      taxIdLabel: "KRA PIN",
    },
  });
  const text = await pdfText(receipt);
  expect(text).toEqual(
    expect.arrayContaining([
      "Savannah Events Ltd",
      "P.O. Box 30021-00100",
      "Harambee Avenue, Nairobi",
      "KRA PIN P051234567X",
      "Receipt LR-2026-001003",
      "Paid with M-Pesa (receipt NLJ7RT61SV)",
    ]),
  );
  // The seller comes before the receipt's own lines, as on a paper receipt.
  expect(text.indexOf("Savannah Events Ltd")).toBeLessThan(text.indexOf("Receipt LR-2026-001003"));
});

const seller = {
  name: "Savannah Events Ltd",
  address: "P.O. Box 30021-00100\nHarambee Avenue, Nairobi",
  taxId: "P051234567X",
  taxIdLabel: "KRA PIN",
};

it("writes the ticket in the order's language: labels and the event's date", async () => {
  const input = {
    reference: "LGABCDEFGH",
    event: { name: "Nairobi Tech Summit", venue: "KICC", city: "Nairobi", ...nairobiTime },
    tickets: [{ attendeeName: "Wanjiru", ticketType: null, code: "AAAA.BBBB" }],
  };
  const sw = await pdfText(await ticketsPdf({ ...input, lang: "sw" }));
  expect(sw).toEqual(
    expect.arrayContaining([
      "Tiketi",
      "Agizo LGABCDEFGH - tiketi 1 kati ya 1",
      "Inamruhusu mtu mmoja kuingia mara moja.",
    ]),
  );
  expect(sw.find((l) => l.startsWith("Jumatano, 23 Des 2026, 09:00"))).toBeDefined();
  expect(sw.join("\n")).not.toMatch(/Order|Admits|Wed/);
  const en = await pdfText(await ticketsPdf({ ...input, lang: "en" }));
  expect(en).toEqual(expect.arrayContaining(["Wed, 23 Dec 2026, 09:00 EAT", "Order LGABCDEFGH - ticket 1 of 1"]));
});

it("writes the receipt in Kiswahili for a Kiswahili order, cash at the desk included", async () => {
  const text = await pdfText(
    await receiptPdf({
      lang: "sw",
      receiptNumber: "LR-2026-001004",
      reference: "LGABCDEFGH",
      paidAt: new Date("2026-11-23T11:05:00Z"),
      timeZone: "Africa/Nairobi",
      country: "KE",
      buyerName: "Baraka",
      eventName: "Nairobi Tech Summit",
      currency: "KES",
      totalMinor: 250000,
      refundedMinor: 50000,
      items: [{ description: "Tiketi ya Regular", quantity: 1, totalMinor: 250000 }],
      payments: [{ gateway: "cash", receipt: null, amountMinor: 250000 }],
      seller,
    }),
  );
  expect(text).toEqual(
    expect.arrayContaining([
      "Risiti LR-2026-001004",
      "Tarehe ya malipo",
      "Agizo LGABCDEFGH - Nairobi Tech Summit",
      "Imetolewa kwa Baraka",
      "Jumla iliyolipwa",
      "KES 2,500",
      "Kilichorejeshwa",
      "- KES 500",
      "Imelipwa kwa pesa taslimu mezani",
      "KRA PIN P051234567X",
    ]),
  );
});

describe("the booth invoice", () => {
  const base: InvoicePdfInput = {
    lang: "en",
    invoiceNumber: "NAIROBI-TECH-SUMMIT-0007",
    issuedAt: new Date("2026-11-20T08:00:00Z"),
    reference: "LGBOOTH123",
    timeZone: "Africa/Nairobi",
    country: "KE",
    eventName: "Nairobi Tech Summit",
    seller,
    billTo: { company: "Jua Kali Solar Ltd", contact: "Otieno", email: "otieno@jua.example", phone: "+254712345678" },
    currency: "KES",
    items: [
      { description: "Booth A7 (Premium, Hall 1)", quantity: 1, totalMinor: 4_500_000 },
      { description: "Extra chair · booth A7", quantity: 2, totalMinor: 100_000 },
    ],
    totalMinor: 4_600_000,
    state: {
      kind: "paid",
      paidAt: new Date("2026-11-20T09:30:00Z"),
      payments: [{ gateway: "dpo", receipt: "DPO123", amountMinor: 4_600_000 }],
    },
  };

  it("names seller, number, buyer, each line and the total, seller first", async () => {
    const text = await pdfText(await invoicePdf(base));
    expect(text).toEqual(
      expect.arrayContaining([
        "Savannah Events Ltd",
        "KRA PIN P051234567X",
        "Invoice NAIROBI-TECH-SUMMIT-0007",
        "Invoice date",
        "Order LGBOOTH123 - Nairobi Tech Summit",
        "Bill to",
        "Jua Kali Solar Ltd",
        "otieno@jua.example · +254712345678",
        "Booth A7 (Premium, Hall 1) x 1",
        "KES 45,000",
        "Extra chair · booth A7 x 2",
        "Total",
        "KES 46,000",
        "Paid with DPO Pay (receipt DPO123)",
      ]),
    );
    expect(text.find((l) => l.startsWith("Paid on Fri, 20 Nov 2026, 12:30"))).toBeDefined();
    expect(text.indexOf("Savannah Events Ltd")).toBeLessThan(text.indexOf("Invoice NAIROBI-TECH-SUMMIT-0007"));
  });

  it("says what is due and by when while unpaid (as a pro-forma, unnumbered), and void once lapsed", async () => {
    const due = await pdfText(
      await invoicePdf({ ...base, lang: "sw", state: { kind: "due", payBy: new Date("2026-11-21T09:00:00Z") } }),
    );
    expect(due).toEqual(
      expect.arrayContaining(["Ankara NAIROBI-TECH-SUMMIT-0007", "Ankara kwa", "Kiasi kinachodaiwa"]),
    );
    expect(due.find((l) => l.startsWith("Lipa kufikia Jumamosi, 21 Nov 2026, 12:00"))).toBeDefined();
    const proForma = await pdfText(
      await invoicePdf({
        ...base,
        lang: "sw",
        invoiceNumber: null,
        state: { kind: "due", payBy: new Date("2026-11-21T09:00:00Z") },
      }),
    );
    expect(proForma).toEqual(expect.arrayContaining(["Ankara (pro-forma)", "Kiasi kinachodaiwa"]));
    expect(proForma.join("\n")).not.toContain("NAIROBI-TECH-SUMMIT");
    const lapsed = await pdfText(await invoicePdf({ ...base, state: { kind: "void" } }));
    expect(lapsed).toContain("This order was not paid and is void.");
    expect(lapsed.join("\n")).not.toMatch(/Paid on|Amount due/);
  });
});
it("staff passes print as passes, not tickets: title, type and footer", async () => {
  const pdf = await ticketsPdf({
    kind: "staff-passes",
    lang: "en",
    reference: "LGBOOTH234",
    event: { name: "Dar Trade Expo", venue: "Mlimani City", city: "Dar es Salaam", ...nairobiTime },
    tickets: [
      { attendeeName: "Neema Mushi", ticketType: null, code: "AAAA.BBBB" },
      { attendeeName: "Juma Ally", ticketType: "Staff pass · booth A7", code: "CCCC.DDDD" },
    ],
  });
  const doc = await PDFDocument.load(pdf);
  expect(doc.getTitle()).toBe("Staff passes LGBOOTH234 - Dar Trade Expo");
  const text = await pdfText(pdf);
  expect(text).toContain("Order LGBOOTH234 - staff pass 1 of 2");
  expect(text).toContain("Staff pass · booth A7");
  expect(text.filter((line) => /ticket \d of/.test(line))).toEqual([]);
});
