import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { test as audited } from "./audit";

export { expectAccessible } from "./audit";

export const NAIROBI = "nairobi-tech-summit";
export const DAR = "dar-trade-expo";

interface ApiTicketType {
  id: string;
  name: string;
  price: number;
  currency: string;
  available: number;
}

/** "KES 15,000" for whole amounts of a two-decimal currency, as the pages write it. */
export const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toLocaleString("en")}`;

/** A ticket type's id and current availability, read from the public JSON API. */
export async function ticketType(request: APIRequestContext, slug: string, name: string): Promise<ApiTicketType> {
  const res = await request.get(`/api/events/${slug}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { ticketTypes: ApiTicketType[] };
  const found = body.ticketTypes.find((t) => t.name === name);
  if (!found) throw new Error(`No ticket type "${name}" in ${slug}`);
  return found;
}

interface ApiQuestion {
  id: string;
  kind: string;
  options?: string[];
  required: boolean;
  scope: "order" | "attendee";
  ticketTypeIds?: string[];
}

/**
 * Attendees answering the event's required attendee questions for a ticket type (the demo asks Regular
 * and VIP buyers for a T-shirt size), with the given names; undefined when nothing is asked.
 */
export async function attendeesFor(
  request: APIRequestContext,
  slug: string,
  ticketTypeId: string,
  quantity: number,
  names: string[] = [],
) {
  const { questions = [] } = (await (await request.get(`/api/events/${slug}`)).json()) as { questions?: ApiQuestion[] };
  const asked = questions.filter(
    (q) => q.scope === "attendee" && q.required && (!q.ticketTypeIds || q.ticketTypeIds.includes(ticketTypeId)),
  );
  if (!asked.length) return names.length ? names.map((name) => ({ name })) : undefined;
  return Array.from({ length: quantity }, (_, i) => ({
    name: names[i] ?? "",
    answers: Object.fromEntries(asked.map((q) => [q.id, q.kind === "checkbox" ? true : (q.options?.[1] ?? "n/a")])),
  }));
}

/** Answers every checkout question still unanswered that offers a choice (the T-shirt sizes). */
export async function answerChoices(page: Page) {
  for (const select of await page.locator("form select").all())
    if (!(await select.inputValue())) await select.selectOption({ index: 2 });
}

/** Another buyer, elsewhere, taking tickets through the API. */
export async function buyViaApi(request: APIRequestContext, slug: string, ticketTypeId: string, quantity: number) {
  const res = await request.post("/api/orders", {
    data: {
      eventSlug: slug,
      items: [{ ticketTypeId, quantity, attendees: await attendeesFor(request, slug, ticketTypeId, quantity) }],
      buyer: { name: "Other Buyer", email: "other@example.com", phone: "+254 712 000 111" },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** Pages are client-rendered only where needed; wait until the steppers respond before pressing them. */
export function stepper(page: Page, ticketName: string) {
  return {
    add: page.getByRole("button", { name: `Add one ${ticketName} ticket` }),
    remove: page.getByRole("button", { name: `Remove one ${ticketName} ticket` }),
    quantity: page.getByRole("status", { name: `${ticketName} quantity` }),
  };
}

/** The list item of one ticket type on an event page. */
export function ticketRow(page: Page, ticketName: string) {
  return page
    .getByRole("region", { name: "Tickets" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: ticketName, exact: true }) });
}

/**
 * `test` that fails when a page throws or the Content-Security-Policy blocks something (a script
 * without the nonce, say): the pages must work under the production CSP, not just render. It also runs
 * axe-core on every page of ours the test visits (e2e/audit.ts).
 */
export const test = audited.extend<{ pageProblems: string[] }>({
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
      });
      await use(problems);
      expect(problems, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

/** Answers the push prompt the simulator shows for an order, as the payer would on their phone. */
export async function answerPrompt(request: APIRequestContext, reference: string, outcome = "approve") {
  let promptId = "";
  await expect
    .poll(async () => {
      promptId =
        ((await (await request.get("/sim/api/prompts")).json()) as { id: string; reference: string }[]).find(
          (p) => p.reference === reference,
        )?.id ?? "";
      return promptId;
    })
    .not.toBe("");
  await request.post(`/sim/api/prompts/${promptId}`, { data: { outcome } });
}

/**
 * A Nairobi order of Regular tickets (other specs may sell out VIP), one per attendee, paid with M-Pesa
 * through the API and the simulator; returns its reference, its access token (what reads the tickets)
 * and the tickets' codes.
 */
export async function paidNairobiOrder(
  request: APIRequestContext,
  attendees: string[],
  buyer: { email: string; phone: string },
) {
  const type = await ticketType(request, NAIROBI, "Regular");
  const ordered = await request.post("/api/orders", {
    data: {
      eventSlug: NAIROBI,
      items: [
        {
          ticketTypeId: type.id,
          quantity: attendees.length,
          attendees: await attendeesFor(request, NAIROBI, type.id, attendees.length, attendees),
        },
      ],
      buyer: { name: attendees[0], ...buyer },
    },
  });
  expect(ordered.status(), await ordered.text()).toBe(201);
  const { reference, accessToken } = (await ordered.json()) as { reference: string; accessToken: string };
  const started = await request.post(`/api/orders/${reference}/payments`, { data: { gateway: "daraja" } });
  expect(started.status(), await started.text()).toBe(201);
  await answerPrompt(request, reference);
  let codes: string[] = [];
  await expect
    .poll(async () => {
      const view = await request.get(`/api/orders/${reference}`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      codes = ((await view.json()) as { tickets?: { code: string }[] }).tickets?.map((t) => t.code) ?? [];
      return codes.length;
    })
    .toBe(attendees.length);
  return { reference, accessToken, codes };
}

export async function resetSimulators(request: APIRequestContext) {
  const res = await request.post("/sim/api/reset", { data: {} });
  expect(res.ok()).toBe(true);
}

/** A mobile number no other test (or retry) has used, after a network prefix ("07", "077", "075"…): prompts are rate-limited per phone. */
export function freshPhone(prefix = "07"): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join("");
  return `${prefix}${digits(4 - prefix.length)} ${digits(3)} ${digits(3)}`;
}

/** Buys tickets the way a buyer does: event page, steppers, checkout form. Ends on the order page. */
export async function buyOnThePages(
  page: Page,
  slug: string,
  ticket: string,
  quantity: number,
  buyer: { name: string; email: string; phone: string },
) {
  await page.goto(`/events/${slug}`);
  const row = stepper(page, ticket);
  for (let i = 0; i < quantity; i++) await row.add.click();
  await expect(row.quantity).toHaveText(String(quantity));
  await page.getByRole("link", { name: "Checkout" }).click();
  await page.getByLabel("Full name").fill(buyer.name);
  await page.getByLabel("E-mail").fill(buyer.email);
  await page.getByLabel("Phone number").fill(buyer.phone);
  await answerChoices(page);
  await page.getByRole("button", { name: /Place order/ }).click();
  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/**
 * The virtual phone's card for one prompt, found by a line it shows ("Account LG…", "Lango order LG…").
 * The phone page reloads itself every 2 s (it has no script), so it is opened once and then left to
 * show new prompts by itself.
 */
export async function phoneCard(phone: Page, shows: string) {
  if (!new URL(phone.url(), "http://x").pathname.startsWith("/sim/phone")) await phone.goto("/sim/phone");
  const card = phone.locator("form").filter({ hasText: shows });
  await expect(card).toBeVisible();
  return card;
}

/**
 * Presses one of a prompt's buttons on the virtual phone; returns when the press was made. A press that
 * coincides with the page's own reload is lost, so it is repeated until the prompt leaves the list.
 */
export async function pressOnPhone(phone: Page, shows: string, button: string): Promise<number> {
  const card = await phoneCard(phone, shows);
  // Whether the card is on the phone's screen, allowing for a reload under way (every 2 s; slower on a
  // busy machine): an empty page between two reloads is not a card gone.
  const onScreen = () =>
    card.waitFor({ state: "visible", timeout: 5_000 }).then(
      () => true,
      () => false,
    );
  let pressedAt = 0;
  await expect(async () => {
    if (!pressedAt || (await onScreen())) {
      // A press can go through and still time out waiting for the page that answers it: it counts from
      // when it was made, and is made again only while the card is still there.
      pressedAt = Date.now();
      await card.getByRole("button", { name: button }).click({ timeout: 2_000 });
      pressedAt = Date.now();
    }
    await expect(card).toHaveCount(0, { timeout: 1_500 });
    // On a busy machine a reload takes longer than the 2 s between reloads and most presses land on a page
    // being replaced: keep trying well past that.
  }).toPass({ timeout: 30_000 });
  return pressedAt;
}
