import { expect, type Page } from "@playwright/test";
import { stepper, test } from "./helpers";

/**
 * Paying a Kampala order with Airtel Money on a phone: the order page on one side, the virtual phone with
 * Airtel's USSD prompt on the other. The order turns paid only once the app's status enquiry says TS.
 */

const KAMPALA = "kampala-music-festival";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
});

/** A Ugandan Airtel number (075x) no other run has used: prompts are rate-limited per phone. */
function freshAirtelPhone(): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
  return `075${digits(1)} ${digits(3)} ${digits(3)}`;
}

/** The phone page reloads itself every 2 s, so a press is repeated until the prompt leaves the list. */
async function approveOnPhone(phone: Page, reference: string) {
  await phone.goto("/sim/phone");
  const card = phone.locator("form").filter({ hasText: `Account ${reference}` });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Airtel Money");
  await expect(card.locator(".amount")).toHaveText("UGX 100,000");
  await expect(async () => {
    await card.getByRole("button", { name: "Approve (enter PIN)" }).click({ timeout: 2_000 });
    await expect(card).toHaveCount(0, { timeout: 1_500 });
  }).toPass({ timeout: 10_000 });
}

test("Airtel Money: a Kampala buyer approves the USSD prompt on the virtual phone and the order is paid", async ({ page, context }) => {
  const phoneNumber = freshAirtelPhone();
  await page.goto(`/events/${KAMPALA}`);
  const row = stepper(page, "Regular");
  await row.add.click();
  await row.add.click();
  await expect(row.quantity).toHaveText("2");
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Full name").fill("Sarah Nakato");
  await page.getByLabel("E-mail").fill("sarah@example.com");
  await page.getByLabel("Phone number").fill(phoneNumber);
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;

  await expect(page.getByRole("heading", { name: "Pay UGX 100,000" })).toBeVisible();
  await page.getByRole("radio", { name: /Airtel Money/ }).check();
  await expect(page.getByText("We'll send the Airtel Money prompt to")).toContainText(phoneNumber.slice(-3));
  await page.getByRole("button", { name: "Pay with Airtel Money" }).click();
  const waiting = page.getByRole("region", { name: "Check your phone" });
  await expect(waiting).toContainText("Check your phone and enter your Airtel Money PIN to pay UGX 100,000.");
  await page.screenshot({ path: "test-results/pay-airtel-waiting.png" });

  const phone = await context.newPage();
  await approveOnPhone(phone, reference);
  await expect(phone.getByText(`UGX 100,000 · ${reference} — approved`)).toBeVisible();

  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByText(/^Receipt LR-\d{4}-\d{6}$/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with|I have paid/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-airtel-paid.png", fullPage: true });
});
