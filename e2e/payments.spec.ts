import { expect, type APIRequestContext, type Page } from "@playwright/test";
import {
  attendeesFor,
  buyOnThePages,
  DAR,
  freshPhone,
  NAIROBI,
  phoneCard,
  pressOnPhone,
  resetSimulators,
  test,
  ticketType,
} from "./helpers";

/** A Safaricom number (0700–0729) no other test (or retry) has used. */
const kenyanPhone = () => freshPhone(`07${Math.floor(Math.random() * 3)}`);

/**
 * Paying an order on a phone, against the gateway simulators: the buyer's page on one side, the virtual
 * phone (or DPO's hosted page) on the other. Every test starts and ends with the simulators reset, so a
 * fault or a short prompt timeout never leaks into another test.
 */

const consoleErrors = new WeakMap<Page, string[]>();

test.beforeEach(async ({ request, page }) => {
  await resetSimulators(request);
  // React reports hydration mismatches and failed updates here, not as page errors.
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
});

test.afterEach(async ({ request, page }) => {
  await resetSimulators(request);
  expect(consoleErrors.get(page), "console errors on the buyer's page").toEqual([]);
});

/**
 * An order made through the API, for the tests whose subject is what happens after "Pay". Pass the
 * page's own request context: like the checkout form, it leaves the browser the order's cookie.
 */
async function orderViaApi(request: APIRequestContext, slug: string, ticket: string, quantity: number, phone: string) {
  const type = await ticketType(request, slug, ticket);
  const res = await request.post("/api/orders", {
    data: {
      eventSlug: slug,
      items: [{ ticketTypeId: type.id, quantity, attendees: await attendeesFor(request, slug, type.id, quantity) }],
      buyer: { name: "Baraka Otieno", email: "baraka@example.com", phone },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** Presses "Pay with M-Pesa" and checks the waiting screen says what to do on the phone. */
async function payWithMpesa(page: Page, amount: string) {
  await page.getByRole("radio", { name: /M-Pesa/ }).check();
  await page.getByRole("button", { name: "Pay with M-Pesa" }).click();
  const waiting = page.getByRole("region", { name: "Check your phone" });
  await expect(waiting).toBeVisible();
  await expect(waiting).toContainText(`Check your phone and enter your M-Pesa PIN to pay ${amount}.`);
  await expect(waiting.getByRole("timer", { name: "Time left to answer" })).toHaveText(/^[0-2]:\d\d$/);
  await expect(page.getByRole("button", { name: /^Pay with/ })).toHaveCount(0);
  return waiting;
}

/** The prompt for an order as the simulator's control API lists it (what the virtual phone shows). */
async function promptFor(request: APIRequestContext, reference: string) {
  let prompt: { id: string; amount: number; currency: string } | undefined;
  await expect
    .poll(
      async () => {
        const prompts = (await (await request.get("/sim/api/prompts")).json()) as {
          id: string;
          reference: string;
          amount: number;
          currency: string;
        }[];
        prompt = prompts.find((p) => p.reference === reference);
        return Boolean(prompt);
      },
      { timeout: 10_000, intervals: [100, 250, 500] },
    )
    .toBe(true);
  return prompt!;
}

async function answer(request: APIRequestContext, reference: string, outcome: "approve" | "decline" | "timeout") {
  const prompt = await promptFor(request, reference);
  const res = await request.post(`/sim/api/prompts/${prompt.id}`, { data: { outcome } });
  expect(res.ok(), await res.text()).toBe(true);
}

const paidBadge = (page: Page) => page.getByText("Paid", { exact: true });

/**
 * Records what the payment area shows each time the page's DOM changes, so a test can check that the
 * paid order never flickers back to the payment form.
 */
async function recordPaymentScreens(page: Page) {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { paymentScreens: string[] }).paymentScreens = seen;
    const screen = () => {
      const text = document.body.innerText;
      if (/Status: Paid/.test(document.body.textContent ?? "")) return "paid";
      if ([...document.querySelectorAll("button")].some((b) => /^Pay with/.test(b.textContent ?? ""))) return "form";
      if (text.includes("Payment received")) return "received";
      if (text.includes("Check your phone")) return "waiting";
      return "other";
    };
    const note = () => {
      const now = screen();
      if (seen.at(-1) !== now) seen.push(now);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { paymentScreens: string[] }).paymentScreens);
}

test("M-Pesa: buy two tickets, approve on the virtual phone, and the order page shows Paid within 3 s", async ({
  page,
  context,
}) => {
  const phoneNumber = kenyanPhone();
  const reference = await buyOnThePages(page, NAIROBI, "Regular", 2, {
    name: "Amina Wanjiru",
    email: "amina@example.com",
    phone: phoneNumber,
  });
  await expect(page.getByText("We'll send the M-Pesa prompt to")).toContainText(
    `+254 7•• ••• ${phoneNumber.slice(-3)}`,
  );
  const screens = await recordPaymentScreens(page);

  const waiting = await payWithMpesa(page, "KES 5,000");
  await expect(waiting.getByRole("button", { name: "I have paid — check again" })).toBeVisible();
  await page.screenshot({ path: "test-results/pay-waiting.png" });

  // The buyer's phone, in a second page: the prompt for this order, for the order's total.
  const phone = await context.newPage();
  const card = await phoneCard(phone, `Account ${reference}`);
  await expect(card).toContainText("M-Pesa");
  await expect(card.locator(".amount")).toHaveText("KES 5,000");
  const approvedAt = await pressOnPhone(phone, `Account ${reference}`, "Approve (enter PIN)");

  // Within 3 s of the press, counted from the press (not from when the phone page moved on).
  await expect(paidBadge(page)).toBeVisible({ timeout: Math.max(1, 3_000 - (Date.now() - approvedAt)) });
  const elapsed = Date.now() - approvedAt;
  expect(elapsed).toBeLessThanOrEqual(3_000);
  console.log(`approval → "Paid" on the order page: ${elapsed} ms`);
  test.info().annotations.push({ type: "approval→paid", description: `${elapsed} ms` });
  await expect(phone.getByText(`KES 5,000 · ${reference} — approved`)).toBeVisible();

  // The server-rendered paid order: receipt, no payment panel, and it stays that way across polls.
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByText(/^Receipt LR-\d{4}-\d{6}$/)).toBeVisible();
  await expect(page.getByText("Awaiting payment")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Check your phone" })).toHaveCount(0);
  await page.waitForTimeout(1_000); // the poll has stopped and the panel is gone: nothing comes back
  await expect(page.getByRole("button", { name: /^Pay with|I have paid/ })).toHaveCount(0);
  const seen = await screens();
  console.log(`what the payment area showed: ${seen.join(" → ")}`);
  expect(seen.slice(seen.indexOf("waiting"))).toEqual(expect.arrayContaining(["waiting", "paid"]));
  expect(seen.slice(seen.indexOf("waiting")), `screens after paying: ${seen.join(" → ")}`).not.toContain("form");
  expect(seen.at(-1)).toBe("paid");
  await page.screenshot({ path: "test-results/pay-paid.png", fullPage: true });
});

test("DPO: a Tanzanian buyer picks Vodacom M-Pesa, pays on DPO's page, and comes back to a paid order", async ({
  page,
}) => {
  const reference = await buyOnThePages(page, DAR, "Regular", 1, {
    name: "Neema Mushi",
    email: "neema@example.com",
    phone: "0754 123 456",
  });
  await expect(page.getByRole("heading", { name: "Pay TZS 30,000" })).toBeVisible();
  // No Daraja for TZS: DPO is the only way, already chosen.
  await expect(page.getByRole("radio", { name: /M-Pesa/ })).toHaveCount(0);
  await expect(page.getByRole("radio", { name: /DPO/ })).toBeChecked();
  await page.getByLabel("Pay with").selectOption({ label: "Vodacom M-Pesa" });
  await page.getByRole("button", { name: "Continue to DPO Pay" }).click();

  // DPO's hosted page, with mobile money preselected for Vodacom M-Pesa Tanzania and the buyer's number.
  await expect(page).toHaveURL(/\/sim\/dpo\/payv2\.php\?ID=[A-F0-9-]+/i);
  await expect(page.locator(".amount")).toHaveText("TZS 30,000");
  await expect(page.getByRole("heading", { name: /Mobile money/ })).toContainText("preselected");
  await expect(page.getByLabel("Country and operator")).toHaveValue("tanzania:mpesa");
  await expect(page.getByLabel("Phone number")).toHaveValue(/754123456$/);
  await expect(page.getByText(reference)).toBeVisible();
  await page.getByRole("button", { name: "Pay by mobile money" }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${reference}\\?payment=`));
  await expect(paidBadge(page)).toBeVisible();
  await expect(page.getByText("You're in.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Continue to|Pay with/ })).toHaveCount(0);
});

test("DPO: a buyer who goes back without paying can return to DPO's page; a cancel there says so and another try pays", async ({
  page,
}) => {
  const reference = await orderViaApi(page.request, NAIROBI, "Regular", 1, kenyanPhone());
  await page.goto(`/orders/${reference}`);
  await page.getByRole("radio", { name: /DPO/ }).check();
  await page.getByRole("button", { name: "Continue to DPO Pay" }).click();
  await expect(page).toHaveURL(/\/sim\/dpo\/payv2\.php/);

  // The browser's Back button: the order page waits for that DPO payment and offers the way back to it.
  await page.goBack();
  const unfinished = page.getByRole("region", { name: "Finish paying on DPO Pay" });
  await expect(unfinished).toContainText("If you have already paid there, this page updates by itself");
  await page.screenshot({ path: "test-results/pay-dpo-unfinished.png" });
  await unfinished.getByRole("link", { name: "Go back to DPO Pay" }).click();
  await expect(page).toHaveURL(/\/sim\/dpo\/payv2\.php/);
  await page.getByRole("button", { name: "Cancel (back to merchant)" }).click();

  await expect(page).toHaveURL(new RegExp(`/orders/${reference}\\?payment=`));
  await expect(page.getByRole("alert").filter({ hasText: "Payment cancelled" })).toContainText(
    "The payment was cancelled.",
  );
  await expect(page.getByRole("radio", { name: /DPO/ })).toBeChecked();
  await page.getByRole("button", { name: "Continue to DPO Pay" }).click();
  await page.getByRole("button", { name: "Pay by card" }).click();
  await expect(paidBadge(page)).toBeVisible();
});

test("M-Pesa: a prompt declined on the phone shows why, and a second attempt succeeds", async ({ page, context }) => {
  const reference = await orderViaApi(page.request, NAIROBI, "Student", 1, kenyanPhone());
  await page.goto(`/orders/${reference}`);
  await payWithMpesa(page, "KES 1,000");

  const phone = await context.newPage();
  await pressOnPhone(phone, `Account ${reference}`, "Decline");

  const failure = page.getByRole("alert").filter({ hasText: "Payment cancelled" });
  await expect(failure).toBeVisible();
  await expect(failure).toContainText("You cancelled the M-Pesa prompt.");
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await page.screenshot({ path: "test-results/pay-declined.png" });

  // Try again: a new prompt on the same order, approved this time.
  await payWithMpesa(page, "KES 1,000");
  await expect(failure).toHaveCount(0);
  await pressOnPhone(phone, `Account ${reference}`, "Approve (enter PIN)");
  await expect(paidBadge(page)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with/ })).toHaveCount(0);
});

test("M-Pesa: a buyer who gave up waiting but then approves the prompt still sees the order turn Paid", async ({
  page,
  request,
}) => {
  const reference = await orderViaApi(page.request, NAIROBI, "Regular", 1, kenyanPhone());
  await page.goto(`/orders/${reference}`);
  const waiting = await payWithMpesa(page, "KES 2,500");
  await waiting.getByRole("button", { name: "Use another way to pay" }).click();
  await expect(page.getByRole("radio", { name: /DPO/ })).toBeVisible();
  await answer(request, reference, "approve");
  await expect(paidBadge(page)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Pay with|Continue to/ })).toHaveCount(0);
});

test("M-Pesa: an unreachable phone and an expired prompt each say why and offer another try", async ({
  page,
  request,
}) => {
  const reference = await orderViaApi(page.request, NAIROBI, "Regular", 1, kenyanPhone());
  await page.goto(`/orders/${reference}`);

  // The network could not reach the phone (Daraja 1037).
  await payWithMpesa(page, "KES 2,500");
  await answer(request, reference, "timeout");
  const failure = page.getByRole("alert").filter({ hasText: "Payment failed" });
  await expect(failure).toContainText("We couldn't reach your phone.");
  await expect(page.getByRole("button", { name: "Pay with M-Pesa" })).toBeEnabled();

  // Nobody answers the prompt before it expires (Daraja 1019): a 2 s prompt here instead of about a minute.
  const set = await request.post("/sim/api/settings", { data: { promptTimeoutMs: 2_000 } });
  expect(set.ok(), await set.text()).toBe(true);
  await payWithMpesa(page, "KES 2,500");
  const expired = page.getByRole("alert").filter({ hasText: "Payment timed out" });
  await expect(expired).toBeVisible({ timeout: 8_000 });
  await expect(expired).toContainText("The M-Pesa prompt expired before it was answered.");
  await expect(page.getByRole("button", { name: "Pay with M-Pesa" })).toBeEnabled();
  await page.screenshot({ path: "test-results/pay-timed-out.png" });
});

test("M-Pesa: when the prompt's time runs out with no word from M-Pesa, the buyer sends a new prompt and pays", async ({
  page,
  request,
}) => {
  // The prompt closes on the phone at once and its callback is lost, so the page hears nothing; and the
  // page is told the prompt window ends in 2 s rather than the simulator's minute.
  await request.post("/sim/api/settings", { data: { promptTimeoutMs: 500 } });
  await request.post("/sim/api/faults", { data: { gateway: "daraja", fault: "drop_callbacks" } });
  const phoneNumber = kenyanPhone();
  const reference = await orderViaApi(page.request, NAIROBI, "Regular", 1, phoneNumber);
  await page.goto(`/orders/${reference}`);
  const startPayment = `**/api/orders/${reference}/payments`;
  await page.route(startPayment, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { nextAction?: { expiresAt?: string } };
    if (body.nextAction) body.nextAction.expiresAt = new Date(Date.now() + 2_000).toISOString();
    await route.fulfill({ response, json: body });
  });
  const waiting = await payWithMpesa(page, "KES 2,500");
  await page.unroute(startPayment);
  await expect.poll(async () => (await request.get("/sim/api/prompts")).json()).toEqual([]);
  await request.post("/sim/api/faults", { data: { gateway: "daraja", fault: "none" } });
  await request.post("/sim/api/settings", { data: { promptTimeoutMs: 60_000 } });

  const closed = page.getByRole("region", { name: "The prompt has closed" });
  await expect(closed).toBeVisible({ timeout: 5_000 });
  await expect(closed).toContainText("If you didn't get to approve it, send a new prompt.");
  await expect(closed.getByRole("timer")).toHaveCount(0);
  await page.screenshot({ path: "test-results/pay-time-up.png" });
  await closed.getByRole("button", { name: "Send a new prompt" }).click();

  // The new prompt's whole minute (the simulator's SIM_PROMPT_TIMEOUT_MS), counted down from the start.
  await expect(waiting.getByRole("timer", { name: "Time left to answer" })).toHaveText(/^(1:00|0:[45]\d)$/);
  await expect(waiting).toContainText(`+254 7•• ••• ${phoneNumber.slice(-3)}`);
  await answer(request, reference, "approve");
  await expect(paidBadge(page)).toBeVisible();
});

test("M-Pesa: when the callback is lost, 'I have paid — check again' asks M-Pesa and the order turns Paid", async ({
  page,
  request,
}) => {
  const fault = await request.post("/sim/api/faults", { data: { gateway: "daraja", fault: "drop_callbacks" } });
  expect(fault.ok(), await fault.text()).toBe(true);
  try {
    const reference = await orderViaApi(page.request, NAIROBI, "Regular", 1, kenyanPhone());
    await page.goto(`/orders/${reference}`);
    const waiting = await payWithMpesa(page, "KES 2,500");
    await answer(request, reference, "approve");

    // No callback arrives: after another poll or two the page is still waiting, and still is after a reload.
    await page.waitForTimeout(2_100);
    await expect(waiting).toBeVisible();
    await page.reload();
    await expect(waiting).toContainText("Check your phone and enter your M-Pesa PIN to pay KES 2,500.");
    await expect(page.getByText("Awaiting payment")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Pay with/ })).toHaveCount(0);

    const clickedAt = Date.now();
    await waiting.getByRole("button", { name: "I have paid — check again" }).click();
    await expect(paidBadge(page)).toBeVisible({ timeout: 5_000 });
    console.log(`"check again" → "Paid": ${Date.now() - clickedAt} ms`);
    await expect(page.getByRole("button", { name: /^Pay with|I have paid/ })).toHaveCount(0);
  } finally {
    await request.post("/sim/api/faults", { data: { gateway: "daraja", fault: "none" } });
  }
});
