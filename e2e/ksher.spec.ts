import { expect } from "@playwright/test";
import { stepper, test } from "./helpers";

/**
 * Paying a Bangkok order with Ksher on a phone: the order page, Ksher's hosted page (the simulator), and
 * back to the order, which is paid only once the app's order query says so.
 */

const BANGKOK = "bangkok-design-week";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
});

test("Ksher: a Bangkok buyer picks TrueMoney, pays on Ksher's page, and comes back to a paid order", async ({
  page,
}) => {
  await page.goto(`/events/${BANGKOK}`);
  const row = stepper(page, "Regular");
  await row.add.click();
  await expect(row.quantity).toHaveText("1");
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Full name").fill("Ploy Srisuk");
  await page.getByLabel("E-mail").fill("ploy@example.com");
  await page.getByLabel("Phone number").fill("081 234 5678");
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;

  await expect(page.getByRole("heading", { name: "Pay THB 800" })).toBeVisible();
  // Baht in Thailand: Ksher is the way, already chosen.
  await expect(page.getByRole("radio", { name: /Ksher/ })).toBeChecked();
  await page.getByLabel("Pay with").selectOption({ label: "TrueMoney Wallet" });
  await page.getByRole("button", { name: "Continue to Ksher" }).click();

  // Ksher's page offers only the channel the buyer picked.
  await expect(page).toHaveURL(/\/sim\/ksher\/ua\?order_uuid=[0-9a-f]{32}/);
  await expect(page.locator(".amount")).toHaveText("THB 800");
  await expect(page.getByText(reference, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with/ })).toHaveCount(1);
  await page.screenshot({ path: "test-results/pay-ksher-page.png", fullPage: true });
  await page.getByRole("button", { name: "Pay with TrueMoney Wallet" }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${reference}\\?payment=`));
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Continue to|Pay with/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-ksher-paid.png", fullPage: true });
});
