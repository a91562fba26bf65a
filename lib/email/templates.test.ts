import { expect, it } from "vitest";
import { orderConfirmationEmail } from "./templates";

it("escapes names and links each QR as an absolute image URL (mail clients block data: URIs)", () => {
  const e = orderConfirmationEmail({
    appUrl: "https://tickets.example.com",
    reference: "LGABCDEFGH",
    accessToken: "tok_".padEnd(32, "x"),
    buyerName: "Amina <script>",
    totalMinor: 500000,
    currency: "KES",
    receiptNumber: "LR-2026-001001",
    event: { name: "Rock & Roll", venue: "KICC", city: "Nairobi", startsAt: new Date("2026-12-23T06:00:00Z"), timezone: "Africa/Nairobi", country: "KE" },
    tickets: [{ id: "t1", attendeeName: "O'Neil & Co", ticketType: "VIP", code: "AAAA.BBBB" }],
  });
  expect(e.subject).toBe("Your tickets for Rock & Roll (order LGABCDEFGH)");
  expect(e.html).not.toContain("<script>");
  expect(e.html).toContain("Amina &lt;script&gt;");
  expect(e.html).toContain("O&#39;Neil &amp; Co");
  expect(e.html).toContain(`src="https://tickets.example.com/tickets/${"tok_".padEnd(32, "x")}/qr/t1.png"`);
  expect(e.html).not.toMatch(/src="data:/);
  expect(e.text).toContain("Code: AAAA.BBBB");
  expect(e.text).toContain("Wed, 23 Dec 2026, 09:00 EAT");
});
