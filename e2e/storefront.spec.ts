import { expect } from "@playwright/test";
import {
  DAR,
  NAIROBI,
  answerChoices,
  buyViaApi,
  expectAccessible,
  money,
  stepper,
  test,
  ticketRow,
  ticketType,
} from "./helpers";

test("a buyer picks two Regular tickets, keeps them across a reload, checks out and sees the held order", async ({
  page,
}) => {
  // Home: the event as a card with its starting price.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Upcoming events" })).toBeVisible();
  const card = page.getByRole("link", { name: /Nairobi Tech Summit/ });
  await expect(card).toContainText("KICC, Harambee Avenue, Nairobi");
  await expect(card).toContainText("From KES 1,000");
  await expectAccessible(page, "home page");
  await card.click();

  // Event page.
  await expect(page).toHaveURL(new RegExp(`/events/${NAIROBI}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Nairobi Tech Summit" })).toBeVisible();
  await expect(ticketRow(page, "Regular")).toContainText("KES 2,500");
  await expect(ticketRow(page, "Regular")).toContainText("Available");

  const regular = stepper(page, "Regular");
  await expect(regular.quantity).toHaveText("0");
  await regular.add.click();
  await regular.add.click();
  await expect(regular.quantity).toHaveText("2");
  const cartBar = page.getByText(/^\d+ tickets?$/);
  await expect(cartBar).toHaveText("2 tickets");
  await expect(page.getByText("KES 5,000", { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/event-page.png" });
  await expectAccessible(page, "event page with a cart");

  // The cart survives a reload.
  await page.reload();
  await expect(regular.quantity).toHaveText("2");
  await expect(cartBar).toHaveText("2 tickets");

  // Checkout.
  await page.getByRole("link", { name: "Checkout" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${NAIROBI}/checkout$`));
  await expect(page.getByRole("heading", { level: 1, name: "Checkout" })).toBeVisible();
  const summary = page.getByRole("region", { name: "Your tickets" });
  await expect(summary).toContainText("Regular × 2");
  await expect(summary).toContainText("KES 5,000");

  await page.getByLabel("Full name").fill("Amina Wanjiru");
  await page.getByLabel("E-mail").fill("amina@example.com");
  const phone = page.getByLabel("Phone number");
  await expect(phone).toHaveAttribute("type", "tel");
  await expect(phone).toHaveAccessibleDescription(/e\.g\. 0712 123456/);
  await phone.fill("12345");
  await answerChoices(page);
  const placeOrder = page.getByRole("button", { name: /Place order/ });
  await placeOrder.click();

  // The server rejects the number; the message sits next to the field.
  const phoneError = page.getByText(/Enter a valid phone number for Kenya/);
  await expect(phoneError).toBeVisible();
  await expect(phone).toHaveAccessibleDescription(/Enter a valid phone number for Kenya/);
  await expect(phone).toBeFocused();
  await expect(page).toHaveURL(/\/checkout$/);
  await expectAccessible(page, "checkout with an error");

  await phone.fill("0712 345 678");
  await expect(phoneError).toBeHidden();
  await placeOrder.click();

  // Order page: held, awaiting payment, with a live countdown.
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await expectAccessible(page, "held order");
  await expect(page.getByRole("listitem").filter({ hasText: "Regular ticket" })).toContainText("× 2");
  await expect(page.getByText("Total")).toBeVisible();
  await expect(page.getByText("KES 5,000", { exact: true }).last()).toBeVisible();
  await expect(page.getByText("a***@example.com").first()).toBeVisible();

  const countdown = page.getByRole("timer");
  await expect(countdown).toHaveText(/^1[45]:\d\d$/);
  const first = await countdown.textContent();
  await expect.poll(async () => countdown.textContent(), { timeout: 2_500, intervals: [250] }).not.toBe(first);
  await expect(page.getByText(/Seats held for/)).toBeVisible();
  await page.screenshot({ path: "test-results/order-page.png" });

  // The cart was emptied by the order.
  await page.goto(`/events/${NAIROBI}`);
  await expect(regular.quantity).toHaveText("0");
  await expect(page.getByText("No tickets selected")).toBeVisible();
});

test("tickets that cannot be bought are shown but not offered, and a stale cart is cleaned at checkout", async ({
  page,
  request,
}) => {
  await page.goto(`/events/${NAIROBI}`);
  const earlyBird = ticketRow(page, "Early bird");
  await expect(earlyBird).toContainText("Sales ended");
  await expect(earlyBird.getByRole("button")).toHaveCount(0);
  await expect(stepper(page, "Early bird").add).toHaveCount(0);
  await expect(stepper(page, "Regular").add).toBeEnabled();

  // A cart saved before Early bird sales ended: the checkout drops what can no longer be bought.
  const early = await ticketType(request, NAIROBI, "Early bird");
  await page.evaluate(([key, id]) => localStorage.setItem(key, JSON.stringify({ [id]: 2, "no-such-ticket": 3 })), [
    `lango:cart:${NAIROBI}`,
    early.id,
  ] as const);
  await page.goto(`/events/${NAIROBI}/checkout`);
  await expect(page.getByText("Your cart is empty")).toBeVisible();
  await expect(page.getByText("The tickets you picked are no longer on sale.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Place order/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Choose tickets for Nairobi Tech Summit/ })).toBeVisible();

  // Dar: a ticket type whose sales open later, and the way in for exhibitors.
  await page.goto(`/events/${DAR}`);
  const tradeDay = ticketRow(page, "Trade day pass");
  await expect(tradeDay).toContainText(/On sale from \d{1,2} \w{3}, \d\d:\d\d EAT/);
  await expect(stepper(page, "Trade day pass").add).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Exhibit: book a booth/ })).toHaveAttribute("href", `/exhibit/${DAR}`);
  await expect(stepper(page, "Regular").add).toBeEnabled();
});

test("when tickets sell out during checkout, the buyer is told how many are left and can adjust", async ({
  page,
  request,
}, testInfo) => {
  // This test sells an event's VIP seats; a retry (on CI) uses the other event, whose VIP seats are untouched.
  const slug = testInfo.retry === 0 ? NAIROBI : DAR;
  await page.goto(`/events/${slug}`);
  const vip = stepper(page, "VIP");
  for (let i = 0; i < 4; i++) await vip.add.click();
  await expect(vip.quantity).toHaveText("4");
  await page.getByRole("link", { name: "Checkout" }).click();
  const summary = page.getByRole("region", { name: "Your tickets" });
  await expect(summary).toContainText("VIP × 4");

  // Meanwhile other buyers take all but two VIP seats.
  const { id, available, price, currency } = await ticketType(request, slug, "VIP");
  let toTake = available - 2;
  while (toTake > 0) {
    const n = Math.min(4, toTake);
    await buyViaApi(request, slug, id, n);
    toTake -= n;
  }

  await page.getByLabel("Full name").fill("Baraka Otieno");
  await page.getByLabel("E-mail").fill("baraka@example.com");
  await page.getByLabel("Phone number").fill(slug === NAIROBI ? "0722 123 456" : "0754 123 456");
  await answerChoices(page);
  await page.getByRole("button", { name: /Place order/ }).click();

  const banner = page.getByRole("alert").filter({ hasText: "Only 2 VIP tickets are left." });
  await expect(banner).toBeVisible();
  await expect(summary).toContainText("Only 2 left.");
  await banner.getByRole("button", { name: "Change to 2 VIP" }).click();
  await expect(banner).toBeHidden();
  await expect(summary).toContainText("VIP × 2");
  await expect(summary).toContainText(money(2 * price, currency));
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await expect(page.getByText(money(2 * price, currency), { exact: true }).last()).toBeVisible();
});

test("an unknown event or order gets a readable 404 page", async ({ page }) => {
  const event = await page.goto("/events/no-such-event");
  expect(event?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that event" })).toBeVisible();
  await expect(page.getByRole("link", { name: "See upcoming events" })).toBeVisible();

  const checkout = await page.goto("/events/no-such-event/checkout");
  expect(checkout?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that event" })).toBeVisible();

  for (const reference of ["LG23456789", "not-a-reference"]) {
    const order = await page.goto(`/orders/${reference}`);
    expect(order?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We couldn't find that order" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText(/at \w+ \(|Error:/);
  }
});

test("a form post whose body is not the multipart it claims gets a 400 with a reason, on any path", async ({
  request,
}) => {
  for (const path of ["/", "/events/nairobi-tech-summit", "/no-such-page", "/api/no-such-route"]) {
    const res = await request.post(path, {
      headers: { "content-type": "multipart/form-data; boundary=x" },
      data: '{"toString":{"constructor":{}}}',
    });
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_form");
  }
});

test("the health check answers a load balancer, and says nothing more", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store, no-transform");
  expect(await res.json()).toEqual({ status: "ok", database: "up" });
});
