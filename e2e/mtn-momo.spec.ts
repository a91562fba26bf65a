import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { stepper, test } from "./helpers";

/**
 * Paying a Kampala order with MTN MoMo on a phone, against the MTN simulator: the buyer's page on one side,
 * the virtual phone on the other. The simulators are reset around every test.
 */
const KAMPALA = "kampala-music-festival";

async function resetSimulators(request: APIRequestContext) {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
}
test.beforeEach(({ request }) => resetSimulators(request));
test.afterEach(({ request }) => resetSimulators(request));

/** An MTN Uganda number (077…) no other run has used: prompts are rate-limited per phone. */
function freshMtnPhone(): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
  return `077${digits(1)} ${digits(3)} ${digits(3)}`;
}

/** One Regular ticket (UGX 50,000) through the event page and checkout; ends on the order page. */
async function orderOneTicket(page: Page, phone: string) {
  await page.goto(`/events/${KAMPALA}`);
  const regular = stepper(page, "Regular");
  await regular.add.click();
  await expect(regular.quantity).toHaveText("1");
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Full name").fill("Nakato Achieng");
  await page.getByLabel("E-mail").fill("nakato@example.com");
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  await expect(page.getByRole("heading", { name: "Pay UGX 50,000" })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function payWithMomo(page: Page) {
  await page.getByRole("radio", { name: /MTN MoMo/ }).check();
  await expect(page.getByText("We'll send the MTN MoMo prompt to")).toBeVisible();
  await page.getByRole("button", { name: "Pay with MTN MoMo" }).click();
  const waiting = page.getByRole("region", { name: "Check your phone" });
  await expect(waiting).toContainText("Check your phone and enter your MTN MoMo PIN to pay UGX 50,000.");
  return waiting;
}

/** The virtual phone's MoMo card for this order (the payer sees our payerMessage, which names the order). */
async function pressOnPhone(phone: Page, reference: string, button: string) {
  if (!new URL(phone.url(), "http://x").pathname.startsWith("/sim/phone")) await phone.goto("/sim/phone");
  const card = phone.locator("form").filter({ hasText: `Lango order ${reference}` });
  await expect(card).toBeVisible();
  await expect(card).toContainText("MTN MoMo");
  await expect(card.locator(".amount")).toHaveText("UGX 50,000");
  // The page reloads itself every 2 s; a press lost to a reload is repeated until the card goes.
  await expect(async () => {
    await card.getByRole("button", { name: button }).click({ timeout: 2_000 });
    await expect(card).toHaveCount(0, { timeout: 1_500 });
  }).toPass({ timeout: 10_000 });
}

test("MTN MoMo: a Kampala buyer approves on the virtual phone and the order shows Paid", async ({ page, context }) => {
  const phoneNumber = freshMtnPhone();
  const reference = await orderOneTicket(page, phoneNumber);
  await payWithMomo(page);
  await page.screenshot({ path: "test-results/mtn-momo-waiting.png" });

  const phone = await context.newPage();
  await pressOnPhone(phone, reference, "Approve (enter PIN)");

  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByText(/^Receipt LR-\d{4}-\d{6}$/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/mtn-momo-paid.png", fullPage: true });
});

test("MTN MoMo: a declined request says so in plain words, and a second attempt pays", async ({ page, context }) => {
  const reference = await orderOneTicket(page, freshMtnPhone());
  await payWithMomo(page);
  const phone = await context.newPage();
  await pressOnPhone(phone, reference, "Decline");
  await expect(page.getByText("You declined the MTN MoMo payment on your phone.")).toBeVisible();

  await payWithMomo(page);
  await pressOnPhone(phone, reference, "Approve (enter PIN)");
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
});
