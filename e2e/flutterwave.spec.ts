import { expect, type APIRequestContext } from "@playwright/test";
import { test, ticketType } from "./helpers";
import { ADMIN, signIn } from "./sessions";

/**
 * Flutterwave on a phone: a Ugandan buyer opens the order page, picks Flutterwave with mobile money,
 * pays on Flutterwave's hosted checkout (the simulator's) and comes back to a paid order; or cancels
 * there and is told so, like an M-Pesa prompt declined on the phone (issue 17.3).
 */

const KAMPALA = "kampala-music-festival";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
});

/** One Regular Kampala ticket (UGX 50,000), ordered through the API; returns the order's reference. */
async function kampalaOrder(request: APIRequestContext) {
  const type = await ticketType(request, KAMPALA, "Regular");
  const res = await request.post("/api/orders", {
    data: {
      eventSlug: KAMPALA,
      items: [{ ticketTypeId: type.id, quantity: 1 }],
      buyer: { name: "Nakato Achieng", email: "nakato@example.com", phone: "0772 123 456" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

test("Flutterwave: a Kampala buyer pays UGX by mobile money on the hosted checkout and returns to a paid order", async ({
  page,
  request,
}) => {
  const reference = await kampalaOrder(request);

  await page.goto(`/orders/${reference}`);
  await expect(page.getByRole("heading", { name: "Pay UGX 50,000" })).toBeVisible();
  await page.getByRole("radio", { name: /Flutterwave/ }).check();
  const methods = page.getByLabel("Pay with");
  await expect(methods.locator("option")).toHaveText([
    "Choose on the payment page",
    "Mobile money (MTN, Airtel)",
    "Card",
  ]);
  await methods.selectOption({ label: "Mobile money (MTN, Airtel)" });
  await page.screenshot({ path: "test-results/pay-flutterwave-choose.png" });
  await page.getByRole("button", { name: "Continue to Flutterwave" }).click();

  // Flutterwave's hosted checkout, narrowed to Ugandan mobile money, with the buyer's number.
  await expect(page).toHaveURL(/\/sim\/flutterwave\/v3\/hosted\/pay\/[a-z0-9]+$/);
  await expect(page.locator(".amount")).toHaveText("UGX 50,000");
  await expect(page.getByLabel("Mobile money number")).toHaveValue("+256772123456");
  await expect(page.getByRole("button", { name: "Pay with Card" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-flutterwave-checkout.png" });
  await page.getByRole("button", { name: "Pay with Uganda Mobile Money (MTN, Airtel)" }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${reference}\\?payment=`));
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Continue to|Pay with/ })).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-flutterwave-paid.png", fullPage: true });
});

test("Flutterwave: a buyer who cancels on the hosted checkout is told it was cancelled, and the admin sees it so", async ({
  page,
  request,
}) => {
  const reference = await kampalaOrder(request);
  await page.goto(`/orders/${reference}`);
  await page.getByRole("radio", { name: /Flutterwave/ }).check();
  await page.getByRole("button", { name: "Continue to Flutterwave" }).click();
  await expect(page).toHaveURL(/\/sim\/flutterwave\/v3\/hosted\/pay\/[a-z0-9]+$/);
  await page.getByRole("button", { name: "Cancel payment" }).click();

  // Back on the order: cancelled in words, not "Finish paying on Flutterwave", and free to pay again.
  await expect(page).toHaveURL(new RegExp(`/orders/${reference}\\?payment=`));
  const cancelled = page.getByRole("alert").filter({ hasText: "Payment cancelled" });
  await expect(cancelled).toBeVisible();
  await expect(cancelled).toContainText("Flutterwave");
  await expect(page.getByRole("region", { name: "Finish paying on Flutterwave" })).toHaveCount(0);
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await page.getByRole("radio", { name: /Flutterwave/ }).check();
  await expect(page.getByRole("button", { name: "Continue to Flutterwave" })).toBeEnabled();
  await page.screenshot({ path: "test-results/pay-flutterwave-cancelled.png" });

  // The organiser's order page shows that attempt cancelled, not pending.
  await signIn(page.request, ADMIN);
  await page.goto(`/admin/orders/${reference}`);
  const attempt = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Payments", exact: true }) })
    .getByRole("listitem")
    .filter({ hasText: "Flutterwave · UGX 50,000" });
  await expect(attempt).toHaveCount(1);
  await expect(attempt).toContainText("cancelled");
  await expect(attempt).not.toContainText("pending");
});
