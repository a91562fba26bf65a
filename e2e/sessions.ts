import { expect, type APIRequestContext } from "@playwright/test";
import { DAR } from "./helpers";

/** The accounts a fresh simulator-mode database starts with (lib/env.ts). */
export const ADMIN = { email: "admin@lango.test", password: "lango-demo-admin" };
export const STAFF = { email: "gate@lango.test", password: "lango-demo-gate" };
export const BOX_OFFICE = { email: "boxoffice@lango.test", password: "lango-demo-boxoffice" };

/** Signs a request context in through next-auth's credentials flow, as the sign-in form does. */
export async function signIn(ctx: APIRequestContext, who: { email: string; password: string }) {
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: who.email, password: who.password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const session = (await (await ctx.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email, `signed in as ${who.email}`).toBe(who.email);
}

const decodeEntities = (s: string) =>
  s
    .replaceAll("<!-- -->", "")
    .replaceAll("&amp;", "&")
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">");

/**
 * The newest message to an address whose text matches `marker`, read from the simulated mailbox
 * (`/sim/api/mailbox`, simulator mode): what the recipient finds in their inbox.
 */
export async function readMailbox(
  request: APIRequestContext,
  to: string,
  marker: RegExp,
): Promise<{ id: string; subject: string; text: string }> {
  let found: { id: string; subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        const res = await request.get(`/sim/api/mailbox?to=${encodeURIComponent(to)}`);
        if (!res.ok()) return false;
        const { messages } = (await res.json()) as { messages: { id: string; subject: string; text: string }[] };
        found = messages.find((m) => marker.test(m.text));
        return !!found;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** Holds a free booth of the Dar es Salaam hall for `email`, which makes them an exhibitor. */
export async function holdBooth(
  request: APIRequestContext,
  email: string,
  company: string,
): Promise<{ reference: string; boothCode: string }> {
  const event = (await (await request.get(`/api/events/${DAR}`)).json()) as {
    booths: { id: string; code: string; status: string }[];
  };
  const free = event.booths.filter((b) => b.status === "available");
  // Each caller takes a different booth: tests run one after another on one database.
  for (const booth of free.reverse()) {
    const res = await request.post("/api/orders", {
      data: {
        eventSlug: DAR,
        items: [],
        booths: [{ boothId: booth.id, company }],
        buyer: { name: `${company} contact`, email, phone: "0754 123 456" },
      },
    });
    if (res.status() === 201)
      return { reference: ((await res.json()) as { reference: string }).reference, boothCode: booth.code };
    expect(res.status(), await res.text()).toBe(409);
  }
  throw new Error("no free booth left in the demo hall");
}

/**
 * Pays an order on DPO's hosted page (the simulator's) by card, as a payer's browser would: the start
 * answers the page's address, the page's form posts the outcome, and the return confirms it with DPO.
 */
export async function payOnDpo(request: APIRequestContext, reference: string): Promise<void> {
  const started = await request.post(`/api/orders/${reference}/payments`, { data: { gateway: "dpo" } });
  expect(started.status(), await started.text()).toBe(201);
  const { nextAction } = (await started.json()) as { nextAction: { type: string; url?: string } };
  expect(nextAction.type).toBe("redirect");
  const hosted = await (await request.get(nextAction.url!)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(hosted)?.[1];
  expect(action, "the hosted page's payment form").toBeTruthy();
  const paid = await request.post(new URL(decodeEntities(action!), nextAction.url).toString(), {
    form: { outcome: "card" },
  });
  expect(paid.ok(), await paid.text()).toBe(true);
  const order = (await (await request.get(`/api/orders/${reference}`)).json()) as { status: string };
  expect(order.status).toBe("paid");
}

/**
 * Signs an exhibitor in the real way: they hold a booth, ask for a sign-in link, and follow the link
 * from the e-mail in their own mailbox. The admin's outbox shows that message with the link hidden.
 */
export async function signInExhibitor(
  ctx: APIRequestContext,
  admin: APIRequestContext,
  request: APIRequestContext,
  email: string,
  company = "Matrix Traders Ltd",
) {
  const booked = await holdBooth(request, email, company);
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const asked = await ctx.post("/api/auth/signin/email", {
    form: { csrfToken, email, callbackUrl: "/exhibit/portal", json: "true" },
    maxRedirects: 0,
  });
  expect(asked.status(), await asked.text()).toBeLessThan(400);
  const mail = await readMailbox(request, email, /\/api\/auth\/callback\/email\?/);
  const link = mail.text.match(/https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/)?.[0];
  expect(link, "a sign-in link in the e-mail").toBeTruthy();

  // Without an e-mail provider the admin's outbox is the only delivery: it shows the message, flagged as a
  // live sign-in link to pass on (with Resend set it hides the link; lib/auth/sign-in-mail.db.test.ts).
  const shown = decodeEntities(await (await admin.get(`/admin/outbox/${mail.id}`)).text());
  expect(shown).toContain(`To ${email}`);
  expect(shown).toContain("pass it on to");

  const landed = await ctx.get(new URL(link!).pathname + new URL(link!).search);
  expect(landed.status()).toBe(200);
  const session = (await (await ctx.get("/api/auth/session")).json()) as { user?: { role?: string } };
  expect(session.user?.role).toBe("exhibitor");
  return booked;
}
