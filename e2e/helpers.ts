import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

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

/** Another buyer, elsewhere, taking tickets through the API. */
export async function buyViaApi(request: APIRequestContext, slug: string, ticketTypeId: string, quantity: number) {
  const res = await request.post("/api/orders", {
    data: {
      eventSlug: slug,
      items: [{ ticketTypeId, quantity }],
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
 * without the nonce, say): the pages must work under the production CSP, not just render.
 */
export const test = base.extend<{ pageProblems: string[] }>({
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
