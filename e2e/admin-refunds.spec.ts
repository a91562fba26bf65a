import { expect, type Page } from "@playwright/test";
import { attendeesFor, DAR, freshPhone, paidNairobiOrder, resetSimulators, test, ticketType } from "./helpers";
import { ADMIN, payOnDpo } from "./sessions";

/**
 * An admin refunding an order from its page, through the gateway: in part and then in full (the outcome of
 * each stays in view, also once nothing is left to refund), and a refund whose gateway never answers.
 */

test.beforeEach(({ request }) => resetSimulators(request));

async function signInTo(page: Page, reference: string) {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(`/admin/orders/${reference}`)}`);
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders/${reference}$`));
}

const refundForm = (page: Page) => page.locator("form").filter({ has: page.getByRole("heading", { name: "Refund" }) });
const orderStatus = (page: Page) => page.getByRole("heading", { level: 1 });

test("an admin refunds an M-Pesa order in part, then the rest: each outcome stays on the page", async ({ page }) => {
  const { reference } = await paidNairobiOrder(page.request, ["Amani Kariuki", "Baraka Otieno"], {
    email: "amani@example.com",
    phone: freshPhone(),
  });
  await signInTo(page, reference);

  const form = refundForm(page);
  await form.getByLabel(/^Amount/).fill("100");
  await form.getByLabel("Reason (for the record)").fill("One guest cannot come");
  await form.getByLabel("I confirm this refund to the buyer.").check();
  await form.getByRole("button", { name: "Refund" }).click();
  await expect(page.getByText(/^Refund of KES 100 sent to M-Pesa; waiting for its result/)).toBeVisible();
  // M-Pesa's B2C Result settles it a moment later.
  await expect(async () => {
    await page.reload();
    await expect(orderStatus(page)).toContainText("partially refunded", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByText(/^Refund KES 100 · succeeded/)).toBeVisible();

  // The rest: the form offers it, and once it is sent nothing is left to refund, yet its outcome stays.
  await refundForm(page).getByLabel("I confirm this refund to the buyer.").check();
  await refundForm(page).getByRole("button", { name: "Refund" }).click();
  const sent = page.getByText(/^Refund of KES [\d,]+ sent to M-Pesa; waiting for its result/);
  await expect(sent).toBeVisible();
  await expect(page.getByRole("button", { name: "Refund", exact: true })).toHaveCount(0);
  await expect(sent).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(orderStatus(page)).toContainText("refunded", { timeout: 1000 });
    await expect(orderStatus(page)).not.toContainText("partially", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  // Every ticket stops admitting.
  const tickets = page.locator("section").filter({ has: page.getByRole("heading", { name: "Tickets" }) });
  await expect(tickets.getByText("revoked", { exact: true })).toHaveCount(2);
  await expect(page.getByText("Nothing more can be done with this order.")).toBeVisible();
});

test("a DPO refund whose answer never comes waits for a person to settle it, ten minutes on", async ({ page }) => {
  const type = await ticketType(page.request, DAR, "Regular");
  const ordered = await page.request.post("/api/orders", {
    data: {
      eventSlug: DAR,
      items: [{ ticketTypeId: type.id, quantity: 1, attendees: await attendeesFor(page.request, DAR, type.id, 1) }],
      buyer: { name: "Neema Mushi", email: "neema@example.com", phone: "0754 123 456" },
    },
  });
  expect(ordered.status(), await ordered.text()).toBe(201);
  const { reference } = (await ordered.json()) as { reference: string };
  await payOnDpo(page.request, reference);
  await signInTo(page, reference);

  // DPO answers the refund with an error page: it may or may not have sent the money back.
  expect((await page.request.post("/sim/api/faults", { data: { gateway: "dpo", fault: "http_500" } })).ok()).toBe(true);
  await refundForm(page).getByLabel("I confirm this refund to the buyer.").check();
  await refundForm(page).getByRole("button", { name: "Refund" }).click();
  await expect(
    page.getByText(/^DPO Pay did not answer the refund of TZS [\d,]+, so whether the money went back/),
  ).toBeVisible();

  await page.reload();
  await expect(page.getByText(/^Refund TZS [\d,]+ · pending/)).toBeVisible();
  await expect(
    page.getByText(/DPO Pay did not answer the request, so whether the money went back is not known/),
  ).toBeVisible();
  await expect(page.getByText(/^If nothing has come by .+, it can be settled by hand\.$/)).toBeVisible();
  // Not yet: the form to settle it appears ten minutes after asking.
  await expect(page.getByText("Settle by hand")).toHaveCount(0);
  // Nothing more can be refunded while it is open.
  await expect(page.getByRole("button", { name: "Refund", exact: true })).toHaveCount(0);
});
