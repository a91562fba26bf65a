import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { ADMIN } from "./sessions";
import { answerPrompt, attendeesFor, freshPhone, NAIROBI, test, ticketType } from "./helpers";

/**
 * The two ways to pay that start away from the order page: M-Pesa paybill from the buyer's own phone
 * (the simulator's Pay Bill screen), and cash at the organiser's desk recorded by an admin.
 */

test.beforeEach(async ({ request }) => {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
});

/** An order placed through the API from the page's own request context, so the browser is the buyer's (it has the order's cookie). */
async function order(request: APIRequestContext) {
  const type = await ticketType(request, NAIROBI, "Regular");
  const res = await request.post("/api/orders", {
    data: {
      eventSlug: NAIROBI,
      items: [{ ticketTypeId: type.id, quantity: 1, attendees: await attendeesFor(request, NAIROBI, type.id, 1) }],
      buyer: { name: "Achieng Odhiambo", email: "achieng@example.com", phone: "0722 000 333" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { reference: string; total: number };
}

test("pays an order by M-Pesa paybill from the phone: the order page turns paid by itself", async ({
  page,
  context,
}) => {
  const o = await order(page.request);
  await page.goto(`/orders/${o.reference}`);
  const box = page.getByRole("region", { name: "Or pay by M-Pesa paybill" });
  await expect(box).toBeVisible();
  const businessNumber = (await box.getByTestId("paybill-business-number").textContent())!.trim();
  await expect(box.getByTestId("paybill-account")).toHaveText(o.reference);

  // The buyer's phone: Lipa na M-Pesa → Pay Bill, typing what the box says (account in lower case is fine).
  const phone = await context.newPage();
  await phone.goto("/sim/daraja/c2b");
  await phone.getByLabel("Business number").fill(businessNumber);
  await phone.getByLabel("Account number").fill(o.reference.toLowerCase());
  await phone.getByLabel("Amount (KES)").fill(String(o.total / 100));
  await phone.getByRole("button", { name: "Pay" }).click();
  await expect(phone.getByText(/Confirmed\./)).toBeVisible();
  await phone.close();

  await expect(page.getByText("Paid", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "Your tickets" })).toBeVisible();
  await expect(page.getByText(/paid with M-Pesa/)).toBeVisible();
});

test("a wrong amount is refused on the phone and nothing changes", async ({ page, context }) => {
  const o = await order(page.request);
  await page.goto(`/orders/${o.reference}`);
  const businessNumber = (await page.getByTestId("paybill-business-number").textContent())!.trim();
  const phone = await context.newPage();
  await phone.goto("/sim/daraja/c2b");
  await phone.getByLabel("Business number").fill(businessNumber);
  await phone.getByLabel("Account number").fill(o.reference);
  await phone.getByLabel("Amount (KES)").fill(String(o.total / 100 - 1));
  await phone.getByRole("button", { name: "Pay" }).click();
  await expect(phone.getByText(/C2B00013 Invalid Amount/)).toBeVisible();
  await phone.close();
  await page.reload();
  await expect(page.getByText("Awaiting payment")).toBeVisible();
});

test("the order page polls one thing at a time: the prompt while it waits, else the order for paybill money", async ({
  page,
}) => {
  // Three windows of several seconds each, longer when the machine is busy.
  test.setTimeout(90_000);
  const type = await ticketType(page.request, NAIROBI, "Regular");
  const res = await page.request.post("/api/orders", {
    data: {
      eventSlug: NAIROBI,
      items: [{ ticketTypeId: type.id, quantity: 1, attendees: await attendeesFor(page.request, NAIROBI, type.id, 1) }],
      buyer: { name: "Wanjiku Kamau", email: "wanjiku@example.com", phone: freshPhone("071") },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { reference } = (await res.json()) as { reference: string };

  const polls: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.method() !== "GET") return;
    if (path.startsWith("/api/payments/")) polls.push("payment");
    else if (path === `/api/orders/${reference}`) polls.push("order");
  });
  // The polls seen over at least `ms`, and until two of the kind expected have come: a timer is late on a
  // busy machine, and a window of a fixed length would then hold one poll where it usually holds two.
  const pollsDuring = async (ms: number, expected: "order" | "payment") => {
    const from = polls.length;
    const started = Date.now();
    await expect
      .poll(() => Date.now() - started >= ms && polls.slice(from).filter((p) => p === expected).length >= 2, {
        timeout: ms + 10_000,
        intervals: [250],
      })
      .toBe(true);
    return polls.slice(from);
  };
  await page.goto(`/orders/${reference}`);
  await expect(page.getByRole("region", { name: "Or pay by M-Pesa paybill" })).toBeVisible();

  // Nothing to follow, but paybill money may arrive: the order is watched every few seconds.
  const idle = await pollsDuring(9_000, "order");
  expect(idle.filter((p) => p === "order").length).toBeGreaterThanOrEqual(2);
  expect(idle).not.toContain("payment");

  // A prompt on the phone: its payment is polled (every 2 s), and the order poll stops meanwhile.
  await page.getByRole("radio", { name: /M-Pesa/ }).check();
  await page.getByRole("button", { name: "Pay with M-Pesa" }).click();
  await expect(page.getByRole("region", { name: "Check your phone" })).toBeVisible();
  await page.waitForTimeout(500);
  const waiting = await pollsDuring(6_000, "payment");
  expect(waiting.filter((p) => p === "payment").length).toBeGreaterThanOrEqual(2);
  expect(waiting).not.toContain("order");

  // Declined: the reason shows, the payment is final, and the order is watched again.
  await answerPrompt(page.request, reference, "decline");
  await expect(page.getByRole("alert").filter({ hasText: "Payment cancelled" })).toBeVisible();
  await page.waitForTimeout(500);
  const after = await pollsDuring(9_000, "order");
  expect(after.filter((p) => p === "order").length).toBeGreaterThanOrEqual(2);
  expect(after).not.toContain("payment");
});

async function adminPage(browser: Browser, baseURL: string | undefined, reference: string) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(`/admin/orders/${reference}`)}`);
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${reference}$`));
  return { context, page };
}

test("pay at the desk: instructions with the reference and deadline, the admin records the cash, tickets appear", async ({
  page,
  browser,
  baseURL,
}) => {
  const o = await order(page.request);
  await page.goto(`/orders/${o.reference}`);
  await page.getByRole("radio", { name: /Cash at the desk/ }).check();
  await page.getByRole("button", { name: "Pay at the desk" }).click();
  const desk = page.getByRole("region", { name: "Your order is held for you to pay in cash" });
  await expect(desk).toBeVisible();
  // One deadline, with its day (a desk hold lasts days), in the zone the rest of the page names: the
  // status line says the same, and no clock counts down 47 hours.
  const payBy = (await desk.locator("dt", { hasText: "Pay by" }).locator("+ dd").textContent()) ?? "";
  expect(payBy).toMatch(/^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2}, \d{2}:\d{2} EAT$/);
  await expect(page.getByText(`Pay by ${payBy} to keep your order.`)).toBeVisible();
  await expect(page.getByText(`Held until ${payBy}`)).toBeVisible();
  await expect(page.getByRole("timer")).toHaveCount(0);
  // Where and when the organiser's desk takes the cash.
  await expect(desk.getByText(/KICC main entrance/)).toBeVisible();
  await expect(desk.getByText(/on event days from 07:30/)).toBeVisible();
  await expect(desk.getByText(o.reference, { exact: true })).toBeVisible();
  await expect(desk.getByText(/in cash at the desk below/)).toBeVisible();
  await expect(desk.getByText(`KES ${(o.total / 100).toLocaleString("en")}`).first()).toBeVisible();

  const admin = await adminPage(browser, baseURL, o.reference);
  await admin.page.getByLabel("Receipt book number").fill(`E2E-${Date.now() % 1_000_000}`);
  await admin.page.getByLabel("I have received this cash.").check();
  await admin.page.getByRole("button", { name: "Record cash payment" }).click();
  // The admin's page shows the order paid, with the one cash payment (the buyer's desk attempt) taken by them.
  await expect(admin.page.getByRole("heading", { name: `${o.reference} paid` })).toBeVisible();
  await expect(admin.page.getByText(`taken by ${ADMIN.email}`)).toHaveCount(1);
  await admin.context.close();

  // The buyer's page notices by itself (it checks the desk attempt every few seconds).
  await expect(page.getByText("Paid", { exact: true })).toBeVisible({ timeout: 25_000 });
  await expect(page.getByRole("heading", { name: "Your tickets" })).toBeVisible();
});
