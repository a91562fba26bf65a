import { expect, type APIRequestContext, type Browser } from "@playwright/test";
import { answerPrompt, attendeesFor, freshPhone, NAIROBI, test, ticketRow, ticketType } from "./helpers";
import { ADMIN, readMailbox, signIn } from "./sessions";

/** A page signed in as the demo admin, in a browser context of its own. */
async function adminPage(browser: Browser) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await signIn(page.request, ADMIN);
  return page;
}

/** Another buyer holds `quantity` Workshop seats through the API (unpaid); returns the order's reference. */
async function holdWorkshop(request: APIRequestContext, quantity: number) {
  const type = await ticketType(request, NAIROBI, "Workshop day");
  const res = await request.post("/api/orders", {
    data: {
      eventSlug: NAIROBI,
      items: [{ ticketTypeId: type.id, quantity, attendees: await attendeesFor(request, NAIROBI, type.id, quantity) }],
      buyer: { name: "Seat Holder", email: "holder@example.com", phone: freshPhone() },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

test("join the sold-out Workshop's waiting list, get the released seat by e-mail and buy it", async ({
  page,
  request,
  browser,
}) => {
  // The demo leaves 2 Workshop seats; someone else holds both, so the Workshop is sold out.
  await expect.poll(async () => (await ticketType(request, NAIROBI, "Workshop day")).available).toBe(2);
  const holding = await holdWorkshop(request, 2);

  await page.goto(`/events/${NAIROBI}`);
  const workshop = ticketRow(page, "Workshop day");
  await expect(workshop).toContainText("Sold out");
  await workshop.getByRole("button", { name: "Join the waiting list" }).click();
  const email = `waiting.${Date.now()}@example.com`;
  await workshop.getByLabel("Full name").fill("Zawadi Mwende");
  await workshop.getByLabel("E-mail").fill(email);
  await workshop.getByLabel("Phone number").fill("12345");
  await workshop.getByRole("button", { name: "Join the waiting list" }).click();
  // A bad number is refused next to its field.
  await expect(workshop.getByText("Enter a valid phone number.").first()).toBeVisible();
  await workshop.getByLabel("Phone number").fill(freshPhone());
  await workshop.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(workshop.getByText("You are number 1 on the waiting list")).toBeVisible();
  await readMailbox(request, email, /number 1 on the waiting list/);

  // The organiser cancels the unpaid order holding the seats: they go to the first in line at once.
  const admin = await adminPage(browser);
  await admin.goto(`/admin/orders/${holding}`);
  await admin.getByLabel("I confirm cancelling this unpaid order.").check();
  await admin.getByRole("button", { name: "Cancel order" }).click();

  const offer = await readMailbox(request, email, /offer=/);
  const link = /https?:\/\/\S+\?offer=[\w-]+/.exec(offer.text)?.[0];
  expect(link, "the offer link in the e-mail").toBeTruthy();
  // One seat is held for this buyer; with nobody else waiting, the other is back on sale.
  expect((await ticketType(request, NAIROBI, "Workshop day")).available).toBe(1);

  await page.goto(new URL(link!).pathname + new URL(link!).search);
  const banner = page.getByTestId("waitlist-offer");
  await expect(banner).toContainText("Zawadi, your 1 Workshop day ticket is held for you");
  await banner.getByRole("link", { name: "Buy my ticket" }).click();
  await expect(page).toHaveURL(/\/checkout\?offer=/);
  await expect(page.getByRole("region", { name: "Your tickets" })).toContainText("Workshop day × 1");
  await page.getByLabel("Full name").fill("Zawadi Mwende");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Phone number").fill(freshPhone());
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("button", { name: "Pay with M-Pesa" }).click();
  await answerPrompt(request, reference);
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();

  // The admin's list shows the entry bought, with its order.
  await admin.goto("/admin/events");
  await admin.locator('a[href^="/admin/events/"]', { hasText: "Nairobi Tech Summit" }).first().click();
  await admin.getByRole("link", { name: "Waiting lists" }).click();
  const entry = admin.getByRole("listitem").filter({ hasText: email });
  await expect(entry).toContainText("bought");
  await expect(entry).toContainText(reference);
  await admin.close();
});

test("answer the T-shirt question at checkout and see it on the admin order page", async ({ page, browser }) => {
  await page.goto(`/events/${NAIROBI}`);
  const regular = page.getByRole("button", { name: "Add one Regular ticket" });
  await regular.click();
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Full name").fill("Kamau Njenga");
  await page.getByLabel("E-mail").fill("kamau.tshirt@example.com");
  await page.getByLabel("Phone number").fill(freshPhone());
  await page.getByLabel("Company (optional)").fill("Savannah Labs");

  // Required for Regular: refused without it, the message by the question.
  await page.getByRole("button", { name: /Place order/ }).click();
  const size = page.getByLabel("T-shirt size");
  await expect(size).toBeFocused();
  await expect(page.getByText("Please answer this question.")).toBeVisible();
  await size.selectOption("L");
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;

  const admin = await adminPage(browser);
  await admin.goto(`/admin/orders/${reference}`);
  const answers = admin.getByRole("region", { name: "Checkout answers" });
  await expect(answers).toContainText("Company");
  await expect(answers).toContainText("Savannah Labs");
  await expect(answers).toContainText("T-shirt size");
  await expect(answers).toContainText("L");
  await admin.close();
});
