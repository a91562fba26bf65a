import { expect } from "@playwright/test";
import { buyOnThePages, freshPhone, phoneCard, pressOnPhone, resetSimulators, test } from "./helpers";

/**
 * Paying a Kampala order with Airtel Money on a phone: the order page on one side, the virtual phone with
 * Airtel's USSD prompt on the other. The order turns paid only once the app's status enquiry says TS.
 */

const KAMPALA = "kampala-music-festival";

test.beforeEach(({ request }) => resetSimulators(request));

test("Airtel Money: a Kampala buyer approves the USSD prompt on the virtual phone and the order is paid", async ({
  page,
  context,
}) => {
  const phoneNumber = freshPhone("075");
  const reference = await buyOnThePages(page, KAMPALA, "Regular", 2, {
    name: "Sarah Nakato",
    email: "sarah@example.com",
    phone: phoneNumber,
  });

  await expect(page.getByRole("heading", { name: "Pay UGX 100,000" })).toBeVisible();
  await page.getByRole("radio", { name: /Airtel Money/ }).check();
  await expect(page.getByText("We'll send the Airtel Money prompt to")).toContainText(phoneNumber.slice(-3));
  await page.getByRole("button", { name: "Pay with Airtel Money" }).click();
  const waiting = page.getByRole("region", { name: "Check your phone" });
  await expect(waiting).toContainText("Check your phone and enter your Airtel Money PIN to pay UGX 100,000.");
  await page.screenshot({ path: "test-results/pay-airtel-waiting.png" });

  const phone = await context.newPage();
  const card = await phoneCard(phone, `Account ${reference}`);
  await expect(card).toContainText("Airtel Money");
  await expect(card.locator(".amount")).toHaveText("UGX 100,000");
  await pressOnPhone(phone, `Account ${reference}`, "Approve (enter PIN)");
  await expect(phone.getByText(`UGX 100,000 · ${reference} — approved`)).toBeVisible();

  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByText(/^Receipt LR-\d{4}-\d{6}$/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with|I have paid/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-airtel-paid.png", fullPage: true });
});
