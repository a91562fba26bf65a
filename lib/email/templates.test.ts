import { describe, expect, it } from "vitest";
import { LOCALES, type Locale } from "../i18n/config";
import {
  holdExpiredEmail,
  latePaymentRefundEmail,
  orderConfirmationEmail,
  refundEmail,
  signInLinkEmail,
  ticketLinksEmail,
  waitlistJoinedEmail,
  waitlistOfferEmail,
  type ConfirmationInput,
  type RenderedEmail,
} from "./templates";

const token = "tok_".padEnd(32, "x");
const event = {
  name: "Nairobi Tech Summit",
  slug: "nairobi-tech-summit",
  venue: "KICC",
  city: "Nairobi",
  startsAt: new Date("2026-12-23T06:00:00Z"),
  timezone: "Africa/Nairobi",
  country: "KE",
};
const confirmation: ConfirmationInput = {
  appUrl: "https://tickets.example.com",
  reference: "LGABCDEFGH",
  accessToken: token,
  buyerName: "Achieng",
  totalMinor: 450000,
  currency: "KES",
  receiptNumber: "LR-2026-001002",
  event,
  discount: { code: "KARIBU10", amountMinor: 50000 },
  tickets: [
    { id: "t1", attendeeName: "Achieng", ticketType: "Regular", code: "AAAA.BBBB" },
    { id: "t2", attendeeName: "Baraka", ticketType: "VIP", code: "CCCC.DDDD" },
  ],
};
const waitlist = {
  appUrl: "https://t.example",
  name: "Wanjiru",
  event,
  ticketType: "VIP",
  quantity: 2,
  leaveToken: "leave_tok",
};

/** Every template with realistic input, so each is rendered (and snapshotted) in every language. */
const templates: Record<string, (lang: Locale) => Promise<RenderedEmail>> = {
  "order-confirmation": (lang) => orderConfirmationEmail(confirmation, lang),
  "booth-confirmation": (lang) =>
    orderConfirmationEmail(
      {
        ...confirmation,
        discount: null,
        imageUrl: "https://tickets.example.com/events/nairobi-tech-summit/image.jpg",
        booths: [{ code: "A7", size: "Premium", hall: "Hall 1", addons: ["Extra chair × 2"] }],
        tickets: [{ id: "t3", attendeeName: "Otieno", ticketType: "Staff pass · booth A7", code: "EEEE.FFFF" }],
      },
      lang,
    ),
  "ticket-links": (lang) =>
    ticketLinksEmail("https://t.example", [{ reference: "LGABCDEFGH", accessToken: "tok", eventName: "Expo" }], lang),
  "hold-expired": (lang) =>
    holdExpiredEmail(
      {
        appUrl: "https://t.example",
        buyerName: "Amina",
        reference: "LGABCDEFGH",
        event,
        totalMinor: 250000,
        currency: "KES",
      },
      lang,
    ),
  refund: (lang) =>
    refundEmail(
      {
        buyerName: "Amina",
        reference: "LGABCDEFGH",
        eventName: "Expo",
        amountMinor: 150000,
        currency: "KES",
        paidWith: "M-Pesa",
        tickets: "revoked",
      },
      lang,
    ),
  "late-payment-refund": (lang) =>
    latePaymentRefundEmail(
      {
        buyerName: "Okello",
        reference: "LGABCDEFGH",
        eventName: "Festival",
        amountMinor: 100_000,
        currency: "UGX",
        paidWith: "MTN MoMo",
        automatic: false,
      },
      lang,
    ),
  "sign-in-link": (lang) =>
    signInLinkEmail({ url: "https://t.example/api/auth/callback/email?token=abc&email=x%40y.z", minutes: 60 }, lang),
  "waitlist-joined": (lang) => waitlistJoinedEmail({ ...waitlist, position: 3 }, lang),
  "waitlist-offer": (lang) =>
    waitlistOfferEmail({ ...waitlist, offerCode: "offer/1", expiresAt: new Date("2026-12-20T15:30:00Z") }, lang),
};

describe.each(LOCALES)("every e-mail in %s", (lang) => {
  it.each(Object.keys(templates))("%s matches its snapshot (HTML and text)", async (name) => {
    const e = await templates[name](lang);
    await expect(`Subject: ${e.subject}\n\n${e.text}\n`).toMatchFileSnapshot(`__snapshots__/${name}.${lang}.txt`);
    await expect(e.html).toMatchFileSnapshot(`__snapshots__/${name}.${lang}.html`);
  });

  it.each(Object.keys(templates))(
    "%s is one narrow column Gmail keeps, with no script or data: image",
    async (name) => {
      const e = await templates[name](lang);
      expect(e.html).toContain(`<html dir="ltr" lang="${lang}">`);
      expect(e.html).toContain('<meta name="viewport" content="width=device-width"/>');
      expect(e.html).toContain("max-width:520px");
      expect(e.html).toMatch(/<table[^>]+role="presentation"/);
      expect(e.html).not.toMatch(/<script|src="data:|<style/i);
      expect(e.text).not.toMatch(/<[a-z]/i);
      expect(e.subject.trim()).not.toBe("");
    },
  );
});

describe("the text part says what the HTML says", () => {
  it("confirmation: amount, reference, every ticket code and every link in both parts", async () => {
    for (const lang of LOCALES) {
      const e = await orderConfirmationEmail(confirmation, lang);
      for (const fact of [
        "KES 4,500",
        "KES 500",
        "KARIBU10",
        "LGABCDEFGH",
        "LR-2026-001002",
        "AAAA.BBBB",
        "CCCC.DDDD",
        `https://tickets.example.com/tickets/${token}`,
        `https://tickets.example.com/tickets/${token}/tickets.pdf`,
        `https://tickets.example.com/tickets/${token}/event.ics`,
        `https://tickets.example.com/tickets/${token}/receipt.pdf`,
      ]) {
        expect(e.text, `${lang} text: ${fact}`).toContain(fact);
        expect(e.html, `${lang} html: ${fact}`).toContain(fact);
      }
    }
  });

  it("every other e-mail: its amount, reference and link in both parts", async () => {
    const facts: Record<string, string[]> = {
      "hold-expired": ["KES 2,500", "LGABCDEFGH", "https://t.example/events/nairobi-tech-summit"],
      refund: ["KES 1,500", "LGABCDEFGH", "M-Pesa"],
      "late-payment-refund": ["UGX 100,000", "LGABCDEFGH", "MTN MoMo"],
      "ticket-links": ["LGABCDEFGH", "https://t.example/tickets/tok"],
      "waitlist-offer": [
        "https://t.example/events/nairobi-tech-summit?offer=offer%2F1",
        "https://t.example/waitlist/leave/leave_tok",
      ],
      "waitlist-joined": ["https://t.example/waitlist/leave/leave_tok"],
    };
    for (const lang of LOCALES)
      for (const [name, list] of Object.entries(facts)) {
        const e = await templates[name](lang);
        for (const fact of list) {
          expect(e.text, `${name} ${lang} text`).toContain(fact);
          expect(e.html, `${name} ${lang} html`).toContain(fact);
        }
      }
  });

  it("sign-in link: the address works from the text part and from the button, & escaped only in HTML", async () => {
    const e = await templates["sign-in-link"]("en");
    expect(e.text).toContain("https://t.example/api/auth/callback/email?token=abc&email=x%40y.z");
    expect(e.html).toContain('href="https://t.example/api/auth/callback/email?token=abc&amp;email=x%40y.z"');
    expect(e.text).toContain("60 minutes");
  });
});

describe("user data is escaped, never markup", () => {
  const nasty = 'Amina <b>&</b> "Co" <img src=x onerror=alert(1)>';

  it("in names, event names and ticket types of every e-mail", async () => {
    const all = await Promise.all([
      orderConfirmationEmail(
        {
          ...confirmation,
          buyerName: nasty,
          event: { ...event, name: nasty },
          tickets: [{ id: "t1", attendeeName: nasty, ticketType: nasty, code: "AAAA.BBBB" }],
        },
        "sw",
      ),
      holdExpiredEmail(
        {
          appUrl: "https://t",
          buyerName: nasty,
          reference: "R",
          event: { name: nasty, slug: "e" },
          totalMinor: 1,
          currency: "KES",
        },
        "en",
      ),
      refundEmail(
        {
          buyerName: nasty,
          reference: "R",
          eventName: nasty,
          amountMinor: 1,
          currency: "KES",
          paidWith: "M-Pesa",
          tickets: "kept",
        },
        "sw",
      ),
      latePaymentRefundEmail(
        { buyerName: nasty, reference: "R", eventName: nasty, amountMinor: 1, currency: "KES", paidWith: "M-Pesa" },
        "en",
      ),
      ticketLinksEmail("https://t", [{ reference: "R", accessToken: "tok", eventName: nasty }], "sw"),
      waitlistJoinedEmail(
        { ...waitlist, name: nasty, ticketType: nasty, event: { ...event, name: nasty }, position: 1 },
        "en",
      ),
      waitlistOfferEmail(
        { ...waitlist, name: nasty, event: { ...event, name: nasty }, offerCode: "o", expiresAt: new Date() },
        "sw",
      ),
    ]);
    for (const e of all) {
      expect(e.html).not.toContain("<b>&</b>");
      expect(e.html).not.toContain("<img src=x");
      expect(e.html).toContain("Amina &lt;b&gt;&amp;&lt;/b&gt;");
      // The text part is text: the name as typed.
      expect(e.text).toContain("Amina <b>&</b>");
    }
  });

  it("the subject is plain text, as typed", async () => {
    const e = await orderConfirmationEmail({ ...confirmation, event: { ...event, name: "Rock & Roll" } }, "en");
    expect(e.subject).toBe("Your tickets for Rock & Roll (order LGABCDEFGH)");
  });
});

describe("the confirmation", () => {
  it("links each QR as an absolute image URL (Gmail blocks data: URIs) and prints the code", async () => {
    const e = await orderConfirmationEmail(confirmation, "en");
    expect(e.html).toContain(`src="https://tickets.example.com/tickets/${token}/qr/t1.png"`);
    expect(e.html).toContain(`src="https://tickets.example.com/tickets/${token}/qr/t2.png"`);
    expect(e.html).toContain('alt="QR code of Achieng’s ticket"');
    expect(e.text).toContain("Code: AAAA.BBBB");
    expect(e.text).toContain("Wed, 23 Dec 2026, 09:00 EAT");
  });

  it("says what the code took off the paid total, and a free order is free", async () => {
    const e = await orderConfirmationEmail(confirmation, "en");
    expect(e.text).toContain("Payment of KES 4,500 received (receipt LR-2026-001002). Code KARIBU10 took KES 500 off.");
    const free = await orderConfirmationEmail(
      { ...confirmation, totalMinor: 0, discount: { code: "SPEAKER2027", amountMinor: 0 } },
      "en",
    );
    expect(free.text).toContain("No payment needed: your order is free (receipt LR-2026-001002).");
    expect(free.text).not.toContain("SPEAKER2027 took");
  });

  it("shows the event's picture when there is one, and no empty image when there is none", async () => {
    const withImage = await templates["booth-confirmation"]("en");
    expect(withImage.html).toContain('src="https://tickets.example.com/events/nairobi-tech-summit/image.jpg"');
    expect(withImage.html).toContain('alt="Nairobi Tech Summit"');
    expect((await templates["order-confirmation"]("en")).html).not.toContain("image.jpg");
  });

  it("in Kiswahili: the buyer's words, the event's date in Kiswahili, the booth's words for a booth", async () => {
    const e = await orderConfirmationEmail(confirmation, "sw");
    expect(e.subject).toBe("Tiketi zako za Nairobi Tech Summit (agizo LGABCDEFGH)");
    expect(e.text).toContain("Malipo ya KES 4,500 yamepokelewa (risiti LR-2026-001002).");
    expect(e.text).toContain("Jumatano");
    expect(e.text).toContain("Msimbo: AAAA.BBBB");
    expect(e.text).not.toMatch(/\b(Payment|received|ticket|View your|Download|Order reference)\b/);
    const booth = await templates["booth-confirmation"]("sw");
    expect(booth.subject).toBe("Banda A7 limethibitishwa kwa Nairobi Tech Summit (agizo LGABCDEFGH)");
    expect(booth.text).toContain("Tazama beji zako");
    expect(booth.text).toContain("https://tickets.example.com/exhibit/portal");
  });
});

describe("notices", () => {
  it("refund says what became of the tickets", async () => {
    const base = {
      buyerName: "A",
      reference: "LGABCDEFGH",
      eventName: "Expo",
      amountMinor: 150000,
      currency: "KES",
      paidWith: "M-Pesa",
    };
    const revoked = await refundEmail({ ...base, tickets: "revoked" }, "en");
    expect(revoked.subject).toBe("Refund of KES 1,500 for order LGABCDEFGH");
    expect(revoked.text).toContain("through M-Pesa");
    expect(revoked.text).toContain("no longer admit anyone");
    expect((await refundEmail({ ...base, tickets: "kept" }, "en")).html).toContain("remaining tickets stay valid");
    expect((await refundEmail({ ...base, tickets: "none" }, "en")).text).toContain("already paid");
    expect((await refundEmail({ ...base, tickets: "kept" }, "sw")).subject).toBe(
      "Umerejeshewa KES 1,500 kwa agizo LGABCDEFGH",
    );
  });

  it("late payment keeps its subject, and one the gateway cannot refund says the organiser pays it back", async () => {
    const base = {
      buyerName: "Okello",
      reference: "LGABCDEFGH",
      eventName: "Festival",
      amountMinor: 100_000,
      currency: "UGX",
    };
    const manual = await latePaymentRefundEmail({ ...base, paidWith: "MTN MoMo", automatic: false }, "en");
    expect(manual.subject).toBe("Your payment for order LGABCDEFGH is being refunded");
    expect(manual.text).toMatch(
      /MTN MoMo cannot return it automatically, so the organiser will send the full amount back to you directly/,
    );
    expect(manual.text).not.toMatch(/We are refunding the full amount to you through/);
    const automatic = await latePaymentRefundEmail({ ...base, paidWith: "M-Pesa" }, "en");
    expect(automatic.text).toMatch(/We are refunding the full amount to you through M-Pesa/);
    expect(automatic.text).toContain("tickets have sold out since");
    const cancelled = await latePaymentRefundEmail({ ...base, paidWith: "M-Pesa", why: "order_cancelled" }, "sw");
    expect(cancelled.text).toContain("yalifika baada ya mwandaaji kughairi agizo");
  });

  it("the waiting list counts tickets in the reader's grammar", async () => {
    const one = await waitlistJoinedEmail({ ...waitlist, quantity: 1, position: 1 }, "en");
    expect(one.text).toContain("1 VIP ticket to Nairobi Tech Summit");
    const two = await waitlistJoinedEmail({ ...waitlist, quantity: 2, position: 4 }, "sw");
    expect(two.text).toContain("tiketi 2 za VIP");
    expect(two.text).toContain("nambari 4");
  });
});
