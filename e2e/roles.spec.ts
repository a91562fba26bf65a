import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DAR, NAIROBI, paidNairobiOrder, test, ticketType } from "./helpers";
import { ADMIN, BOX_OFFICE, STAFF, payOnDpo, signIn, signInExhibitor } from "./sessions";

/**
 * The role matrix: every admin, staff and exhibitor page and API, asked by each kind of visitor, on the
 * production server. Pages send a signed-out visitor to sign in and answer 404 to a signed-in user
 * without the role (revealing nothing); APIs answer 401 and 403. The list is checked against the routes
 * in app/, so a new route cannot land without a decision about who may use it.
 */
/** "staff" is the demo gate steward (scan only), "boxoffice" the demo cashier (sell only). */
type Who = "anonymous" | "exhibitor" | "staff" | "boxoffice" | "admin";
const EVERYONE: Who[] = ["anonymous", "exhibitor", "staff", "boxoffice", "admin"];

/** "signin": sent to sign in; "→/path": sent somewhere they may go; or the status code. */
type Denial = "signin" | "404" | "401" | "403" | `→${string}`;

interface Guarded {
  /** The route as app/ spells it, e.g. /admin/orders/[reference]. */
  route: string;
  kind: "page" | "api";
  method?: "GET" | "POST";
  allowed: Who[];
  /** Where a signed-out visitor of the page is sent. */
  signIn?: string;
  /** How a signed-in visitor without the role is refused, when it is not the default (404 page, 403 API). */
  denied?: Partial<Record<Who, Denial>>;
  query?: string;
  body?: unknown;
}

const ADMIN_ONLY: Who[] = ["admin"];
const GATE: Who[] = ["admin", "staff"];
const BOX: Who[] = ["admin", "boxoffice"];
const PORTAL = { signIn: "/exhibit/signin", denied: { staff: "signin", boxoffice: "signin" } } as const;

const GUARDED: Guarded[] = [
  // The dashboard is the admin's; staff who open /admin are sent to their own area.
  {
    route: "/admin",
    kind: "page",
    allowed: ADMIN_ONLY,
    denied: { staff: "→/admin/checkin", boxoffice: "→/box-office" },
  },
  { route: "/admin/orders", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/orders/[reference]", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events/new", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events/[id]", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events/[id]/promo-codes", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events/[id]/questions", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events/[id]/waitlist", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/events/[id]/waitlist.csv", kind: "api", allowed: ADMIN_ONLY },
  { route: "/admin/booths", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/booths/[eventId]", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/booths/[eventId]/exhibitors", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/booths/exhibitors.csv", kind: "api", allowed: ADMIN_ONLY, query: "eventId={darEvent}" },
  { route: "/admin/payments", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/callbacks", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/callbacks/[id]", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/gateways", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/outbox", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/outbox/[id]", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/users", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/checkin", kind: "page", allowed: GATE },
  { route: "/admin/checkin/conflicts", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/exports/[kind]", kind: "api", allowed: ADMIN_ONLY, query: "eventId={event}" },
  { route: "/api/checkin", kind: "api", method: "POST", allowed: GATE, body: { code: "not-a-ticket" } },
  { route: "/api/checkin/lookup", kind: "api", allowed: GATE, query: "eventId={event}" },
  { route: "/api/checkin/bundle", kind: "api", allowed: GATE, query: "eventId={event}" },
  // The box office: staff with the right to sell (the demo cashier), and admins; gate-only staff are refused.
  { route: "/box-office", kind: "page", allowed: BOX },
  { route: "/box-office/receipts/[reference]", kind: "page", allowed: BOX },
  { route: "/admin/box-office", kind: "page", allowed: ADMIN_ONLY },
  { route: "/admin/box-office/shifts.csv", kind: "api", allowed: ADMIN_ONLY },
  { route: "/api/box-office/shifts", kind: "api", allowed: BOX },
  { route: "/api/box-office/shifts/[id]/close", kind: "api", method: "POST", allowed: BOX, body: { countedCash: 0 } },
  { route: "/api/box-office/sales", kind: "api", method: "POST", allowed: BOX, body: {} },
  { route: "/api/box-office/sales/[reference]", kind: "api", allowed: BOX },
  { route: "/api/box-office/sales/[reference]/payments", kind: "api", method: "POST", allowed: BOX, body: {} },
  { route: "/api/box-office/sales/[reference]/void", kind: "api", method: "POST", allowed: BOX, body: {} },
  { route: "/exhibit/portal", kind: "page", allowed: ["exhibitor", "admin"], ...PORTAL },
  // The exhibitor's own booking; an admin sees it only through a chosen exhibitor (?exhibitor=…).
  { route: "/exhibit/portal/bookings/[reference]", kind: "page", allowed: ["exhibitor"], ...PORTAL },
  // Its staff passes as a PDF; an admin prints them only through a chosen exhibitor, like the page.
  {
    route: "/exhibit/portal/bookings/[reference]/passes.pdf",
    kind: "api",
    allowed: ["exhibitor"],
    denied: { admin: "404" },
  },
];

/** Routes anyone may use (the storefront, ticket links, gateway callbacks, simulators, sign-in). */
const PUBLIC = [
  "/",
  "/events/[slug]",
  "/events/[slug]/checkout",
  "/orders/[reference]",
  "/tickets",
  "/tickets/[token]",
  "/tickets/[token]/event.ics",
  "/tickets/[token]/invoice.pdf",
  "/tickets/[token]/qr/[ticketId]",
  "/tickets/[token]/receipt.pdf",
  "/tickets/[token]/tickets.pdf",
  // Event pictures, for the event page and link previews: public as the page they illustrate.
  "/media/events/[eventId]/[file]",
  "/exhibit/[slug]",
  "/exhibit/signin",
  "/exhibit/signin/check-email",
  "/signin",
  // Sends a signed-in person to their own area (or the page asked for); anyone else back to sign in.
  "/signin/landing",
  "/pay/return/[gateway]",
  "/sim/[...path]",
  "/api/events",
  "/api/events/[slug]",
  "/api/orders",
  "/api/orders/[reference]",
  "/api/orders/[reference]/payments",
  // The buyer's own: the order's access token (Bearer or the checkout cookie) is the credential.
  "/api/orders/[reference]/cancel",
  // The waiting list: anyone may join; an offer's or a leave link's secret is its own credential.
  // Seats left and sale state, nothing personal: the cached event page reads it.
  "/api/events/[slug]/availability",
  "/api/events/[slug]/waitlist",
  "/api/waitlist/leave",
  "/api/waitlist/offers/[code]",
  "/waitlist/leave/[token]",
  "/api/orders/[reference]/tickets/[ticketId]",
  "/api/payments/[paymentId]",
  "/api/tickets/resend",
  "/api/callbacks/[gateway]",
  "/api/callbacks/[gateway]/[kind]",
  "/api/auth/[...nextauth]",
  // For load balancers and uptime monitors: says only whether the process and its database answer.
  "/api/health",
  // Guarded by CRON_SECRET (a bearer token for an external scheduler), not by a role: see its own tests.
  "/api/jobs/reconcile",
];

/** Every page and route handler under app/, as URL patterns (route groups dropped). */
function appRoutes(dir = path.resolve("app"), prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      out.push(...appRoutes(path.join(dir, entry.name), prefix + segment));
    } else if (/^(page|route)\.tsx?$/.test(entry.name)) {
      out.push(prefix || "/");
    }
  }
  return out;
}

test("every route in app/ is either public or in the role matrix", () => {
  const known = new Set([...PUBLIC, ...GUARDED.map((g) => g.route)]);
  expect(
    appRoutes().filter((r) => !known.has(r)),
    "routes with no decision about who may use them",
  ).toEqual([]);
  expect(
    GUARDED.map((g) => g.route).filter((r) => !appRoutes().includes(r)),
    "matrix entries for routes that do not exist",
  ).toEqual([]);
});

test("each role gets exactly the admin, staff and exhibitor routes it may use", async ({
  playwright,
  baseURL,
  request,
}) => {
  test.setTimeout(180_000);
  const contexts: Record<Who, APIRequestContext> = {
    anonymous: await playwright.request.newContext({ baseURL }),
    exhibitor: await playwright.request.newContext({ baseURL }),
    staff: await playwright.request.newContext({ baseURL }),
    boxoffice: await playwright.request.newContext({ baseURL }),
    admin: await playwright.request.newContext({ baseURL }),
  };
  await signIn(contexts.admin, ADMIN);
  await signIn(contexts.staff, STAFF);
  await signIn(contexts.boxoffice, BOX_OFFICE);
  const { reference: booking } = await signInExhibitor(
    contexts.exhibitor,
    contexts.admin,
    request,
    "matrix.exhibitor@example.com",
  );

  const samples = await sampleParams(request, contexts.admin, booking, contexts.boxoffice);
  const problems: string[] = [];
  for (const g of GUARDED) {
    const url = await concreteUrl(g, samples, contexts.admin);
    for (const who of EVERYONE) {
      const ctx = contexts[who];
      const res: APIResponse =
        g.method === "POST"
          ? await ctx.post(url, { data: g.body, maxRedirects: 0 })
          : await ctx.get(url, { maxRedirects: 0 });
      const status = res.status();
      const location = res.headers()["location"] ?? "";
      const allowed = g.allowed.includes(who);
      let ok: boolean;
      let wanted: string;
      const denial: Denial =
        g.denied?.[who] ??
        (who === "anonymous" ? (g.kind === "page" ? "signin" : "401") : g.kind === "page" ? "404" : "403");
      if (allowed) {
        wanted = "allowed (2xx, or a redirect within the area)";
        ok =
          (status >= 200 && status < 300) ||
          (status >= 300 && status < 400 && !/signin/.test(location)) ||
          (g.kind === "api" && status >= 400 && status < 500 && status !== 401 && status !== 403);
      } else if (denial === "signin") {
        const to = g.signIn ?? "/signin";
        wanted = `redirect to ${to}`;
        ok = status >= 300 && status < 400 && new URL(location, baseURL).pathname === to;
      } else if (denial.startsWith("→")) {
        wanted = `redirect to ${denial.slice(1)}`;
        ok = status >= 300 && status < 400 && new URL(location, baseURL).pathname === denial.slice(1);
      } else {
        wanted = denial;
        ok = status === Number(denial);
      }
      if (!ok)
        problems.push(
          `${who} ${g.method ?? "GET"} ${url}: got ${status}${location ? ` → ${location}` : ""}, wanted ${wanted}`,
        );
    }
  }
  for (const ctx of Object.values(contexts)) await ctx.dispose();
  expect(problems).toEqual([]);
});

interface Samples {
  event: string;
  darEvent: string;
  /** An order of the public's, for the admin pages. */
  reference: string;
  /** The signed-in exhibitor's own booth order, for the portal. */
  booking: string;
  /** A door sale of the demo cashier's, for the receipt page. */
  doorSale: string;
}

/** Real ids for the dynamic segments, so "allowed" means the page works, not that it 404s for everyone. */
async function sampleParams(
  request: APIRequestContext,
  admin: APIRequestContext,
  booking: string,
  cashier: APIRequestContext,
): Promise<Samples> {
  const ids = await eventIds(admin);
  // Paid with M-Pesa, so the callback log has an entry to open.
  const { reference } = await paidNairobiOrder(request, ["Matrix Buyer"], {
    email: "matrix@example.com",
    phone: "0711 000 999",
  });
  return { event: ids[NAIROBI], darEvent: ids[DAR], reference, booking, doorSale: await doorSale(request, cashier) };
}

/** A cash sale at the Nairobi box office by the demo cashier, in their open shift (opened if need be). */
async function doorSale(request: APIRequestContext, cashier: APIRequestContext): Promise<string> {
  const opened = await cashier.post("/api/box-office/shifts", { data: { eventSlug: NAIROBI, float: 0 } });
  const body = (await opened.json()) as { shiftId?: string; error?: { shiftId?: string } };
  const shiftId = body.shiftId ?? body.error?.shiftId;
  expect(shiftId, await opened.text()).toBeTruthy();
  const type = await ticketType(request, NAIROBI, "Regular");
  const sold = await cashier.post("/api/box-office/sales", {
    data: {
      shiftId,
      items: [{ ticketTypeId: type.id, quantity: 1 }],
      payment: { gateway: "cash", tendered: type.price },
      idempotencyKey: `matrix-${Date.now()}`,
    },
  });
  expect(sold.status(), await sold.text()).toBe(201);
  return ((await sold.json()) as { reference: string }).reference;
}

/** The demo events' internal ids (the public API speaks slugs only), as the admin's event pages show them. */
async function eventIds(admin: APIRequestContext): Promise<Record<string, string>> {
  const list = await (await admin.get("/admin/events")).text();
  const out: Record<string, string> = {};
  for (const id of new Set(
    [...list.matchAll(/href="\/admin\/events\/([A-Za-z0-9_-]+)"/g)].map((m) => m[1]).filter((x) => x !== "new"),
  )) {
    const page = await (await admin.get(`/admin/events/${id}`)).text();
    for (const slug of [NAIROBI, DAR]) if (page.includes(`/events/${slug}`)) out[slug] = id;
  }
  expect(Object.keys(out).sort(), "the demo events on /admin/events").toEqual([DAR, NAIROBI].sort());
  return out;
}

/** Fills a route's dynamic segments: known samples, or the first link of that kind on its list page. */
async function concreteUrl(g: Guarded, s: Samples, admin: APIRequestContext): Promise<string> {
  let url = g.route
    .replace("/exhibit/portal/bookings/[reference]", `/exhibit/portal/bookings/${s.booking}`)
    .replace("/box-office/receipts/[reference]", `/box-office/receipts/${s.doorSale}`)
    .replace("/api/box-office/shifts/[id]/close", "/api/box-office/shifts/no-such-shift/close")
    .replace(/^\/admin\/events\/\[id\]\/(?=.)/, `/admin/events/${s.event}/`)
    .replace("[reference]", s.reference)
    .replace("[kind]", "orders")
    .replace("[eventId]", s.darEvent);
  const dynamic = /\/\[([a-z]+)\]$/.exec(url);
  if (dynamic) {
    const parent = url.slice(0, dynamic.index);
    const html = await (await admin.get(parent)).text();
    const escaped = parent.replace(/[/]/g, "\\/");
    const ids = [...html.matchAll(new RegExp(`href="${escaped}\\/([A-Za-z0-9_-]+)"`, "g"))]
      .map((m) => m[1])
      .filter((x) => x !== "new");
    expect(ids.length, `a link to one of ${parent}/…`).toBeGreaterThan(0);
    url = `${parent}/${ids[0]}`;
  }
  if (g.query) url += `?${g.query.replace("{event}", s.event).replace("{darEvent}", s.darEvent)}`;
  return url;
}

test("an exhibitor sees only their own bookings, whatever URL they try", async ({ playwright, baseURL, request }) => {
  const admin = await playwright.request.newContext({ baseURL });
  const a = await playwright.request.newContext({ baseURL });
  const b = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN);
  const aBooking = await signInExhibitor(a, admin, request, "owner.a@example.com", "Alpha Agro Ltd");
  const bBooking = await signInExhibitor(b, admin, request, "owner.b@example.com", "Beta Builders Ltd");

  expect((await a.get(`/exhibit/portal/bookings/${aBooking.reference}`)).status()).toBe(200);
  // B tries A's booking directly, and A's portal through the admin's read-only view.
  expect((await b.get(`/exhibit/portal/bookings/${aBooking.reference}`, { maxRedirects: 0 })).status()).toBe(404);
  // Staff see an exhibitor once a booking of theirs is paid (pentest 12.6): A pays, and the admin's list
  // links to A's own portal.
  await payOnDpo(request, aBooking.reference);
  const exhibitors = await (await admin.get(`/admin/booths/${(await eventIds(admin))[DAR]}/exhibitors`)).text();
  const aEntry = exhibitors.indexOf("Alpha Agro Ltd");
  expect(aEntry, "A on the admin's exhibitor list once paid").toBeGreaterThan(-1);
  const aExhibitorId = /[?&](?:amp;)?exhibitor=([A-Za-z0-9_-]+)/.exec(exhibitors.slice(aEntry))?.[1];
  expect(aExhibitorId, "the admin's link to an exhibitor's portal").toBeTruthy();
  const bPortal = await (await b.get(`/exhibit/portal?exhibitor=${aExhibitorId}`)).text();
  expect(bPortal).toContain("Beta Builders Ltd");
  expect(bPortal).not.toContain("Alpha Agro Ltd");
  expect(bPortal).not.toContain(aBooking.reference);
  expect(bPortal).toContain(bBooking.reference);
  for (const ctx of [admin, a, b]) await ctx.dispose();
});
