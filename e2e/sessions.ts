import { expect, type APIRequestContext } from "@playwright/test";
import { DAR } from "./helpers";

/** The accounts a fresh simulator-mode database starts with (lib/env.ts). */
export const ADMIN = { email: "admin@lango.test", password: "lango-demo-admin" };
export const STAFF = { email: "gate@lango.test", password: "lango-demo-gate" };

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

const decodeEntities = (s: string) => s.replaceAll("<!-- -->", "").replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");

/**
 * The newest outbox message to an address whose plain text contains `marker`, read the way an admin
 * reads it at /admin/outbox (the e-mail a person would receive).
 */
export async function readOutbox(admin: APIRequestContext, to: string, marker: RegExp): Promise<string> {
  let text = "";
  await expect
    .poll(
      async () => {
        // The list names each message's recipient after its link: open only the ones sent to `to`.
        const list = decodeEntities(await (await admin.get("/admin/outbox")).text());
        const ids = [...list.matchAll(/href="\/admin\/outbox\/([A-Za-z0-9_-]+)"[\s\S]*?to ([^\s<]+)/g)].filter((m) => m[2] === to).map((m) => m[1]);
        for (const id of ids) {
          const page = decodeEntities(await (await admin.get(`/admin/outbox/${id}`)).text());
          if (page.includes(`To ${to}`) && marker.test(page)) {
            text = page;
            return true;
          }
        }
        return false;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return text;
}

/** Holds a free booth of the Dar es Salaam hall for `email`, which makes them an exhibitor. */
export async function holdBooth(request: APIRequestContext, email: string, company: string): Promise<{ reference: string; boothCode: string }> {
  const event = (await (await request.get(`/api/events/${DAR}`)).json()) as { booths: { id: string; code: string; status: string }[] };
  const free = event.booths.filter((b) => b.status === "available");
  // Each caller takes a different booth: tests run one after another on one database.
  for (const booth of free.reverse()) {
    const res = await request.post("/api/orders", {
      data: { eventSlug: DAR, items: [], booths: [{ boothId: booth.id, company }], buyer: { name: `${company} contact`, email, phone: "0754 123 456" } },
    });
    if (res.status() === 201) return { reference: ((await res.json()) as { reference: string }).reference, boothCode: booth.code };
    expect(res.status(), await res.text()).toBe(409);
  }
  throw new Error("no free booth left in the demo hall");
}

/**
 * Signs an exhibitor in the real way: they hold a booth, ask for a sign-in link, and follow the link
 * from the e-mail (read from the outbox by the admin context).
 */
export async function signInExhibitor(ctx: APIRequestContext, admin: APIRequestContext, request: APIRequestContext, email: string, company = "Matrix Traders Ltd") {
  const booked = await holdBooth(request, email, company);
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const asked = await ctx.post("/api/auth/signin/email", { form: { csrfToken, email, callbackUrl: "/exhibit/portal", json: "true" }, maxRedirects: 0 });
  expect(asked.status(), await asked.text()).toBeLessThan(400);
  const mail = await readOutbox(admin, email, /\/api\/auth\/callback\/email\?/);
  // The page shows the message twice (rendered, where it is escaped once more, and as plain text): take
  // the plain text's link.
  const link = [...mail.matchAll(/https?:\/\/[^\s"<]+\/api\/auth\/callback\/email\?[^\s"<]+/g)].map((m) => m[0]).find((l) => !l.includes("&amp;"));
  expect(link, "a sign-in link in the e-mail").toBeTruthy();
  const landed = await ctx.get(new URL(link!).pathname + new URL(link!).search);
  expect(landed.status()).toBe(200);
  const session = (await (await ctx.get("/api/auth/session")).json()) as { user?: { role?: string } };
  expect(session.user?.role).toBe("exhibitor");
  return booked;
}
