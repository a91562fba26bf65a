import { expect, type Page } from "@playwright/test";
import { buyOnThePages, freshPhone, phoneCard, pressOnPhone, resetSimulators, test } from "./helpers";

/**
 * Paying a Kampala order with MTN MoMo on a phone, against the MTN simulator: the buyer's page on one side,
 * the virtual phone on the other. The simulators are reset around every test.
 */
const KAMPALA = "kampala-music-festival";

test.beforeEach(({ request }) => resetSimulators(request));
test.afterEach(({ request }) => resetSimulators(request));

/** One Regular ticket (UGX 50,000) through the event page and checkout; ends on the order page. */
async function orderOneTicket(page: Page, phone: string) {
  const reference = await buyOnThePages(page, KAMPALA, "Regular", 1, {
    name: "Nakato Achieng",
    email: "nakato@example.com",
    phone,
  });
  await expect(page.getByRole("heading", { name: "Pay UGX 50,000" })).toBeVisible();
  return reference;
}

/** The virtual phone's MoMo card for this order (the payer sees our payerMessage, which names the order). */
async function pressMomo(phone: Page, reference: string, button: string) {
  const card = await phoneCard(phone, `Lango order ${reference}`);
  await expect(card).toContainText("MTN MoMo");
  await expect(card.locator(".amount")).toHaveText("UGX 50,000");
  await pressOnPhone(phone, `Lango order ${reference}`, button);
}

async function payWithMomo(page: Page) {
  await page.getByRole("radio", { name: /MTN MoMo/ }).check();
  await expect(page.getByText("We'll send the MTN MoMo prompt to")).toBeVisible();
  await page.getByRole("button", { name: "Pay with MTN MoMo" }).click();
  const waiting = page.getByRole("region", { name: "Check your phone" });
  await expect(waiting).toContainText("Check your phone and enter your MTN MoMo PIN to pay UGX 50,000.");
  return waiting;
}

test("MTN MoMo: a Kampala buyer approves on the virtual phone and the order shows Paid", async ({ page, context }) => {
  const phoneNumber = freshPhone("077");
  const reference = await orderOneTicket(page, phoneNumber);
  await payWithMomo(page);
  await page.screenshot({ path: "test-results/mtn-momo-waiting.png" });

  const phone = await context.newPage();
  await pressMomo(phone, reference, "Approve (enter PIN)");

  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByText(/^Receipt LR-\d{4}-\d{6}$/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/mtn-momo-paid.png", fullPage: true });
});

test("MTN MoMo: a declined request says so in plain words, and a second attempt pays", async ({ page, context }) => {
  const reference = await orderOneTicket(page, freshPhone("077"));
  await payWithMomo(page);
  const phone = await context.newPage();
  await pressMomo(phone, reference, "Decline");
  await expect(page.getByText("You declined the MTN MoMo payment on your phone.")).toBeVisible();

  await payWithMomo(page);
  await pressMomo(phone, reference, "Approve (enter PIN)");
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
});
