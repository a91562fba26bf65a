import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { DAR, NAIROBI, test, ticketType } from "./helpers";

/** An order made through the API (the storefront spec covers the pages that make one). */
async function newOrder(request: APIRequestContext, slug: string, ticket: string, quantity: number, phone: string) {
  const type = await ticketType(request, slug, ticket);
  const res = await request.post("/api/orders", {
    data: { eventSlug: slug, items: [{ ticketTypeId: type.id, quantity }], buyer: { name: "Baraka Otieno", email: "baraka@example.com", phone } },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { reference: string; total: number };
}

async function promptFor(request: APIRequestContext, reference: string) {
  let prompt: { id: string; amount: number } | undefined;
  await expect
    .poll(async () => {
      const prompts = (await (await request.get("/sim/api/prompts")).json()) as { id: string; reference: string; amount: number }[];
      prompt = prompts.find((p) => p.reference === reference);
      return Boolean(prompt);
    }, { timeout: 10_000 })
    .toBe(true);
  return prompt!;
}

const answer = (request: APIRequestContext, id: string, outcome: string) => request.post(`/sim/api/prompts/${id}`, { data: { outcome } });

async function payWithMpesa(page: Page) {
  await page.getByRole("radio", { name: /M-Pesa/ }).check();
  await page.getByRole("button", { name: "Pay with M-Pesa" }).click();
  await expect(page.getByText(/Check your phone and enter your M-Pesa PIN/)).toBeVisible();
}

test.beforeEach(async ({ request }) => {
  await request.post("/sim/api/reset", { data: {} });
});

test("M-Pesa: the buyer approves on the virtual phone and the order page turns to paid within 3 s", async ({ page, context, request }) => {
  const order = await newOrder(request, NAIROBI, "Regular", 2, "0712 345 678");
  await page.goto(`/orders/${order.reference}`);
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await expect(page.getByText(/\+254 7•• ••• 678/)).toBeVisible();
  await payWithMpesa(page);
  await page.screenshot({ path: "test-results/pay-waiting.png" });

  const phone = await context.newPage();
  await phone.goto("/sim/phone");
  const card = phone.locator("form").filter({ hasText: `Account ${order.reference}` });
  await expect(card).toContainText("KES 5,000");
  await card.getByRole("button", { name: "Approve (enter PIN)" }).click();
  const approvedAt = Date.now();

  await expect(page.getByText("Paid", { exact: true })).toBeVisible({ timeout: 3_000 });
  console.log(`approval → "Paid" on the order page: ${Date.now() - approvedAt} ms`);
  await expect(page.getByText(/Receipt LR-\d{4}-\d{6}/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Pay with/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-paid.png" });
});

test("M-Pesa: a declined prompt shows why, and a new attempt on the same order succeeds", async ({ page, request }) => {
  const order = await newOrder(request, NAIROBI, "Student", 1, "0722 000 111");
  await page.goto(`/orders/${order.reference}`);
  await payWithMpesa(page);
  await answer(request, (await promptFor(request, order.reference)).id, "decline");
  await expect(page.getByText("Payment cancelled")).toBeVisible();
  await expect(page.getByText(/cancelled the M-Pesa prompt/i)).toBeVisible();
  await page.screenshot({ path: "test-results/pay-declined.png" });

  await payWithMpesa(page);
  await answer(request, (await promptFor(request, order.reference)).id, "approve");
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
});

test("M-Pesa: an unanswered prompt times out with a reason the buyer understands", async ({ page, request }) => {
  const order = await newOrder(request, NAIROBI, "Regular", 1, "0733 000 222");
  await page.goto(`/orders/${order.reference}`);
  await payWithMpesa(page);
  await answer(request, (await promptFor(request, order.reference)).id, "timeout");
  await expect(page.getByText(/Payment (failed|timed out)/)).toBeVisible();
  await expect(page.getByText(/couldn.t reach your phone/i)).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay with M-Pesa" })).toBeVisible();
});

test("M-Pesa: with the callback lost, 'I have paid — check again' asks M-Pesa and the order is paid", async ({ page, request }) => {
  await request.post("/sim/api/faults", { data: { gateway: "daraja", fault: "drop_callbacks" } });
  const order = await newOrder(request, NAIROBI, "Regular", 1, "0744 000 333");
  await page.goto(`/orders/${order.reference}`);
  await payWithMpesa(page);
  await answer(request, (await promptFor(request, order.reference)).id, "approve");
  await page.waitForTimeout(1_000);
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await page.getByRole("button", { name: "I have paid — check again" }).click();
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
});

test("DPO: a Tanzanian buyer pays with Vodacom M-Pesa on DPO's page and comes back to a paid order", async ({ page, request }) => {
  const order = await newOrder(request, DAR, "Regular", 1, "0754 123 456");
  await page.goto(`/orders/${order.reference}`);
  await expect(page.getByRole("radio", { name: /M-Pesa/ })).toHaveCount(0);
  await page.getByRole("radio", { name: /DPO/ }).check();
  await page.getByLabel("Pay with").selectOption({ label: "Vodacom M-Pesa" });
  await page.getByRole("button", { name: /Continue to DPO/ }).click();

  await expect(page).toHaveURL(/\/sim\/dpo\/payv2\.php\?ID=/);
  await expect(page.getByText("TZS 30,000").or(page.getByText("30000.00")).first()).toBeVisible();
  await page.getByRole("button", { name: "Pay by mobile money" }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${order.reference}`));
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
});
