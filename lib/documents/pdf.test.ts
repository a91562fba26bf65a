import { PDFDocument, StandardFonts } from "pdf-lib";
import { expect, it } from "vitest";
import { fitText, printable, receiptPdf, ticketsPdf } from "./pdf";
import { pdfText } from "./pdf-text.testkit";

it("makes a printable PDF with one page per ticket, and a one-page receipt", async () => {
  const pdf = await ticketsPdf({
    reference: "LGABCDEFGH",
    event: { name: "Nairobi Tech Summit", venue: "KICC", city: "Nairobi", when: "Wed, 23 Dec 2026, 09:00 EAT" },
    tickets: [
      { attendeeName: "Achieng Ödhiambo", ticketType: "VIP", code: "AAAA.BBBB" },
      { attendeeName: "名前", ticketType: null, code: "CCCC.DDDD" },
    ],
  });
  expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
  expect((await PDFDocument.load(pdf)).getPageCount()).toBe(2);
  const receipt = await receiptPdf({
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
    reference: "LGABCDEFGH",
    event: { name: long, venue: long, city: "Nairobi", when: "Wed, 23 Dec 2026, 09:00 EAT" },
    tickets: [{ attendeeName: "Wanjiku ".repeat(30), ticketType: "Regular ".repeat(20), code: "AAAA.BBBB" }],
  });
  expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
  const receipt = await receiptPdf({
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

it("staff passes print as passes, not tickets: title, type and footer", async () => {
  const pdf = await ticketsPdf({
    kind: "staff-passes",
    reference: "LGBOOTH234",
    event: { name: "Dar Trade Expo", venue: "Mlimani City", city: "Dar es Salaam", when: "Sat, 9 Jan 2027, 10:00 EAT" },
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
