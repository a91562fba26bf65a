import { PDFDocument } from "pdf-lib";
import { expect, it } from "vitest";
import { receiptPdf, ticketsPdf } from "./pdf";

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
    receiptNumber: "LR-2026-001001", reference: "LGABCDEFGH", paidAt: new Date(), buyerName: "A", eventName: "E", currency: "KES",
    totalMinor: 500000, refundedMinor: 0, items: [{ description: "Regular ticket", quantity: 2, totalMinor: 500000 }], payments: [{ gateway: "daraja", receipt: "NLJ7RT61SV", amountMinor: 500000 }],
  });
  expect((await PDFDocument.load(receipt)).getPageCount()).toBe(1);
});
