import { describe, expect, it } from "vitest";
import {
  holdExpiredEmail,
  latePaymentRefundEmail,
  orderConfirmationEmail,
  refundEmail,
  ticketLinksEmail,
} from "./templates";

it("escapes names and links each QR as an absolute image URL (mail clients block data: URIs)", () => {
  const e = orderConfirmationEmail({
    appUrl: "https://tickets.example.com",
    reference: "LGABCDEFGH",
    accessToken: "tok_".padEnd(32, "x"),
    buyerName: "Amina <script>",
    totalMinor: 500000,
    currency: "KES",
    receiptNumber: "LR-2026-001001",
    event: {
      name: "Rock & Roll",
      venue: "KICC",
      city: "Nairobi",
      startsAt: new Date("2026-12-23T06:00:00Z"),
      timezone: "Africa/Nairobi",
      country: "KE",
    },
    tickets: [{ id: "t1", attendeeName: "O'Neil & Co", ticketType: "VIP", code: "AAAA.BBBB" }],
  });
  expect(e.subject).toBe("Your tickets for Rock & Roll (order LGABCDEFGH)");
  expect(e.html).not.toContain("<script>");
  expect(e.html).toContain("Amina &lt;script&gt;");
  expect(e.html).toContain("O&#39;Neil &amp; Co");
  expect(e.html).toContain(`src="https://tickets.example.com/tickets/${"tok_".padEnd(32, "x")}/qr/t1.png"`);
  expect(e.html).not.toMatch(/src="data:/);
  expect(e.html).toContain(`href="https://tickets.example.com/tickets/${"tok_".padEnd(32, "x")}"`);
  expect(e.html).toContain(`/tickets/${"tok_".padEnd(32, "x")}/tickets.pdf`);
  expect(e.html).toContain(`/tickets/${"tok_".padEnd(32, "x")}/event.ics`);
  expect(e.html).toContain("VIP");
  expect(e.text).toContain("Code: AAAA.BBBB");
  expect(e.text).toContain("Wed, 23 Dec 2026, 09:00 EAT");
});

describe("notices", () => {
  const nasty = 'Amina <b>&</b> "Co"';

  it("hold expired: escaped, says nothing was charged, links back to the event", () => {
    const e = holdExpiredEmail({
      appUrl: "https://t.example",
      buyerName: nasty,
      reference: "LGABCDEFGH",
      event: { name: "Rock & Roll", slug: "rock" },
      totalMinor: 250000,
      currency: "KES",
    });
    expect(e.subject).toBe("Your order LGABCDEFGH for Rock & Roll has expired");
    expect(e.html).toContain("Amina &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;");
    expect(e.html).not.toContain("<b>&</b>");
    expect(e.html).toContain('href="https://t.example/events/rock"');
    expect(e.text).toContain("Nothing was charged.");
    expect(e.text).toContain("KES 2,500");
  });

  it("refund: amount, gateway and what became of the tickets, in text and HTML", () => {
    const base = {
      buyerName: nasty,
      reference: "LGABCDEFGH",
      eventName: "Expo",
      amountMinor: 150000,
      currency: "KES",
      paidWith: "M-Pesa",
    };
    const revoked = refundEmail({ ...base, tickets: "revoked" });
    expect(revoked.subject).toBe("Refund of KES 1,500 for order LGABCDEFGH");
    expect(revoked.text).toContain("through M-Pesa");
    expect(revoked.text).toContain("no longer admit anyone");
    expect(revoked.html).not.toContain("<b>&</b>");
    expect(refundEmail({ ...base, tickets: "kept" }).html).toContain("remaining tickets stay valid");
    expect(refundEmail({ ...base, tickets: "none" }).text).toContain("already paid");
  });

  it("late payment refund keeps its subject (the dedupe key is the same as before)", () => {
    const e = latePaymentRefundEmail({
      buyerName: nasty,
      reference: "LGABCDEFGH",
      eventName: "Expo",
      amountMinor: 100,
      currency: "KES",
      paidWith: "DPO Pay",
    });
    expect(e.subject).toBe("Your payment for order LGABCDEFGH is being refunded");
    expect(e.html).not.toContain("<b>&</b>");
    expect(e.text).toContain("through DPO Pay");
  });

  it("every e-mail is one narrow, mobile-friendly column with no script and no data: image", () => {
    const all = [
      holdExpiredEmail({
        appUrl: "https://t.example",
        buyerName: "A",
        reference: "LGABCDEFGH",
        event: { name: "E", slug: "e" },
        totalMinor: 1,
        currency: "KES",
      }),
      refundEmail({
        buyerName: "A",
        reference: "LGABCDEFGH",
        eventName: "E",
        amountMinor: 1,
        currency: "KES",
        paidWith: "M-Pesa",
        tickets: "kept",
      }),
      ticketLinksEmail("https://t.example", [{ reference: "LGABCDEFGH", accessToken: "tok", eventName: "E <1>" }]),
    ];
    for (const e of all) {
      expect(e.html).toContain('<meta name="viewport" content="width=device-width">');
      expect(e.html).toContain("max-width:520px");
      expect(e.html).not.toMatch(/<script|src="data:/i);
      expect(e.text).not.toMatch(/<[a-z]/i);
    }
  });
});

describe("late payment that cannot go back automatically", () => {
  it("tells the buyer the organiser will return the money instead of promising an automatic refund", () => {
    const e = latePaymentRefundEmail({
      buyerName: "Okello",
      reference: "LGABCDEFGH",
      eventName: "Festival",
      amountMinor: 100_000,
      currency: "UGX",
      paidWith: "MTN MoMo",
      automatic: false,
    });
    expect(e.text).toMatch(
      /MTN MoMo cannot return it automatically, so the organiser will send the full amount back to you directly/,
    );
    expect(e.text).not.toMatch(/We are refunding the full amount to you through/);
    expect(
      latePaymentRefundEmail({
        buyerName: "A",
        reference: "R",
        eventName: "E",
        amountMinor: 1,
        currency: "KES",
        paidWith: "M-Pesa",
      }).text,
    ).toMatch(/We are refunding the full amount to you through M-Pesa/);
  });
});

describe("the confirmation names the promo code and a free order", () => {
  const base = {
    appUrl: "https://tickets.example.com",
    reference: "LGABCDEFGH",
    accessToken: "tok_".padEnd(32, "x"),
    buyerName: "Achieng",
    currency: "KES",
    receiptNumber: "LR-2026-001002",
    event: {
      name: "Nairobi Tech Summit",
      venue: "KICC",
      city: "Nairobi",
      startsAt: new Date("2026-12-23T06:00:00Z"),
      timezone: "Africa/Nairobi",
      country: "KE",
    },
    tickets: [{ id: "t1", attendeeName: "Achieng", ticketType: "Regular", code: "AAAA.BBBB" }],
  };

  it("says what the code took off the paid total", () => {
    const e = orderConfirmationEmail({
      ...base,
      totalMinor: 450000,
      discount: { code: "KARIBU10", amountMinor: 50000 },
    });
    expect(e.text).toContain("Payment of KES 4,500 received (receipt LR-2026-001002). Code KARIBU10 took KES 500 off.");
    expect(e.html).toContain("Code KARIBU10 took KES 500 off.");
  });

  it("says no payment was needed for a free order", () => {
    const e = orderConfirmationEmail({ ...base, totalMinor: 0, discount: { code: "SPEAKER2027", amountMinor: 0 } });
    expect(e.text).toContain("No payment needed: your order is free (receipt LR-2026-001002).");
    expect(e.text).not.toContain("SPEAKER2027 took");
  });
});
