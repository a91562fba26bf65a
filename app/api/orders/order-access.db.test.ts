import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { ORDER_COOKIE, ORDER_MISS_LIMIT } from "@/lib/orders/order-access";
import { settleOrderPaid } from "@/lib/orders/settle";
import { issueTicketsInTx } from "@/lib/tickets/issue";
import { describeEachDatabase } from "@/test/db";
import { buyer, orderBody, seedDemo } from "@/test/fixtures";
import { GET as getOrder } from "./[reference]/route";
import { PATCH as patchTicket } from "./[reference]/tickets/[ticketId]/route";
import { POST as postOrder } from "./route";

type Headers = Record<string, string>;

const get = (reference: string, headers: Headers = {}) =>
  getOrder(new Request(`http://test/api/orders/${reference}`, { headers }), { params: Promise.resolve({ reference }) });
const rename = (reference: string, ticketId: string, name: string, headers: Headers = {}) =>
  patchTicket(
    new Request(`http://test/api/orders/${reference}/tickets/${ticketId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ name }),
    }),
    { params: Promise.resolve({ reference, ticketId }) },
  );
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** What a browser sends back of a Set-Cookie: the name=value pair only. */
const cookieOf = (res: Response) => ({ cookie: res.headers.get("set-cookie")!.split(";")[0] });
const fromAddress = (ip: string) => ({ "x-forwarded-for": ip });

describeEachDatabase("pentest 12.2: an order reference is not a password", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });
  beforeEach(() => db().rateLimit.deleteMany());
  afterEach(() => vi.unstubAllEnvs());

  /** An order placed through POST /api/orders, then paid and fulfilled as a payment would. */
  async function paidOrder(attendees: string[], headers: Headers = {}) {
    const res = await postOrder(
      new Request("http://test/api/orders", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({
          ...orderBody(demo.nairobi.regular.id, attendees.length),
          items: [
            {
              ticketTypeId: demo.nairobi.regular.id,
              quantity: attendees.length,
              attendees: attendees.map((name) => ({ name })),
            },
          ],
        }),
      }),
      undefined as never,
    );
    expect(res.status).toBe(201);
    const created = (await res.json()) as { reference: string; accessToken: string };
    const order = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
    await db().$transaction(async (tx) => {
      await settleOrderPaid(tx, order.id, new Date());
      await issueTicketsInTx(tx, order.id, new Date());
    });
    const tickets = await db().ticket.findMany({
      where: { orderId: order.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return { created, response: res, tickets };
  }

  it("POST /api/orders answers the token once and gives the buyer's browser an HttpOnly cookie", async () => {
    const { created, response } = await paidOrder(["Amina"]);
    expect(created.accessToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created.accessToken).toBe(
      (await db().order.findUniqueOrThrow({ where: { reference: created.reference } })).accessToken,
    );
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(new RegExp(`^${ORDER_COOKIE}=${created.reference}:${created.accessToken}; `));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/); // plain http here; https gets Secure (below)
  });

  it("a stranger with only the reference sees the status and how to pay, never who bought, the token or the tickets", async () => {
    const { created, tickets } = await paidOrder(["Amina Odhiambo", "Baraka Otieno"]);
    const res = await get(created.reference);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual([
      "currency",
      "expiresAt",
      "items",
      "payments",
      "reference",
      "status",
      "total",
    ]);
    expect(body).toMatchObject({ reference: created.reference, status: "paid", total: 2 * 2_500_00, currency: "KES" });
    const text = JSON.stringify(body);
    for (const secret of [
      created.accessToken,
      buyer.name,
      "Wanjiku",
      "wanjiku@",
      "345",
      "Amina",
      "Baraka",
      ...tickets.map((t) => t.id),
    ])
      expect(text).not.toContain(secret);
    // A lower-case reference, as typed at the desk, answers the same.
    expect(Object.keys(await (await get(created.reference.toLowerCase())).json())).not.toContain("tickets");
  });

  it("the token holder sees the buyer and the tickets with their codes, by Bearer token or by the checkout cookie, but never the token", async () => {
    const { created, response, tickets } = await paidOrder(["Amina Odhiambo", "Baraka Otieno"]);
    for (const headers of [bearer(created.accessToken), cookieOf(response)]) {
      const res = await get(created.reference, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get("vary")).toMatch(/Authorization.*Cookie/);
      const body = await res.json();
      expect(body.buyer).toEqual({
        name: buyer.name,
        emailMasked: "w***@example.com",
        phoneMasked: "+254 7•• ••• 678",
      });
      expect(
        body.tickets.map((t: { id: string; attendeeName: string; code: string }) => [
          t.id,
          t.attendeeName,
          typeof t.code,
        ]),
      ).toEqual([
        [tickets[0].id, "Amina Odhiambo", "string"],
        [tickets[1].id, "Baraka Otieno", "string"],
      ]);
      expect(body).not.toHaveProperty("accessToken");
    }
  });

  it("another order's token is refused (403 by Bearer; by cookie it counts for nothing)", async () => {
    const a = await paidOrder(["Amina"]);
    const b = await paidOrder(["Baraka"]);
    const wrong = await get(a.created.reference, bearer(b.created.accessToken));
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error).toMatchObject({ code: "forbidden", message: expect.any(String) });
    expect((await get(a.created.reference, bearer("x".repeat(32)))).status).toBe(403);
    const viaOtherCookie = await (await get(a.created.reference, cookieOf(b.response))).json();
    expect(viaOtherCookie).not.toHaveProperty("buyer");
    expect(viaOtherCookie).not.toHaveProperty("tickets");
  });

  it("one cookie remembers the browser's recent orders, newest first and bounded", async () => {
    let cookie: Headers = {};
    const placed: { reference: string; accessToken: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const { created, response } = await paidOrder(["Amina"], cookie);
      placed.push(created);
      cookie = cookieOf(response);
    }
    expect(cookie.cookie.length).toBeLessThan(500);
    expect((await (await get(placed[11].reference, cookie)).json()).tickets).toHaveLength(1);
    expect((await (await get(placed[2].reference, cookie)).json()).tickets).toHaveLength(1);
    // The oldest fell out of the cookie: its e-mailed link (the token) still opens it.
    expect(await (await get(placed[0].reference, cookie)).json()).not.toHaveProperty("tickets");
    expect((await (await get(placed[0].reference, bearer(placed[0].accessToken))).json()).tickets).toHaveLength(1);
  });

  it("the cookie is Secure when the app is served over https", async () => {
    vi.stubEnv("APP_URL", "https://tickets.example.com");
    expect((await paidOrder(["Amina"])).response.headers.get("set-cookie")).toMatch(/; Secure$/);
  });

  describe("renaming an attendee needs the token", () => {
    it("a stranger with the reference cannot rename (401, and the same answer for an order that does not exist)", async () => {
      const { created, tickets } = await paidOrder(["Amina"]);
      const res = await rename(created.reference, tickets[0].id, "Mallory");
      expect(res.status).toBe(401);
      const error = (await res.json()).error;
      expect(error).toMatchObject({ code: "unauthorized", message: expect.any(String) });
      const missing = await rename("LG23456789", tickets[0].id, "Mallory");
      expect(missing.status).toBe(401);
      expect((await missing.json()).error).toEqual(error);
      expect((await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } })).attendeeName).toBe("Amina");
    });

    it("another order's token is refused (403), and with the token a ticket of another order is 404", async () => {
      const a = await paidOrder(["Amina"]);
      const b = await paidOrder(["Baraka"]);
      const forbidden = await rename(a.created.reference, a.tickets[0].id, "Mallory", bearer(b.created.accessToken));
      expect(forbidden.status).toBe(403);
      expect((await forbidden.json()).error.code).toBe("forbidden");
      expect((await rename(a.created.reference, a.tickets[0].id, "Mallory", cookieOf(b.response))).status).toBe(401);
      // b's own token, naming b's order, for a's ticket.
      const foreign = await rename(b.created.reference, a.tickets[0].id, "Mallory", bearer(b.created.accessToken));
      expect(foreign.status).toBe(404);
      expect((await db().ticket.findUniqueOrThrow({ where: { id: a.tickets[0].id } })).attendeeName).toBe("Amina");
    });

    it("the buyer renames with the Bearer token or the checkout cookie", async () => {
      const { created, response, tickets } = await paidOrder(["Amina"]);
      const byToken = await rename(created.reference, tickets[0].id, "Zawadi", bearer(created.accessToken));
      expect(byToken.status).toBe(200);
      expect(await byToken.json()).toEqual({ id: tickets[0].id, attendeeName: "Zawadi" });
      const byCookie = await rename(
        created.reference.toLowerCase(),
        tickets[0].id,
        "Zawadi Mwangi",
        cookieOf(response),
      );
      expect(byCookie.status).toBe(200);
      expect((await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } })).attendeeName).toBe(
        "Zawadi Mwangi",
      );
    });
  });

  describe("lookups that miss are rate-limited per client", () => {
    it("without TRUST_PROXY, 300 guesses in a row are stopped by the shared bucket", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 300; i++)
        statuses.push((await get(`LG${String(i).padStart(8, "2").replace(/[01]/g, "3")}`)).status);
      expect(statuses.slice(0, ORDER_MISS_LIMIT.shared).every((s) => s === 404)).toBe(true);
      expect(statuses.slice(ORDER_MISS_LIMIT.shared).every((s) => s === 429)).toBe(true);
      const limited = await get("LG23456789");
      expect((await limited.json()).error).toMatchObject({
        code: "rate_limited",
        message: expect.any(String),
        retryAfterSeconds: expect.any(Number),
      });
    });

    it("with TRUST_PROXY, each address has its own limit; once over it, even a reference that exists answers 429, but the buyer is never limited", async () => {
      vi.stubEnv("TRUST_PROXY", "1");
      const { created, response } = await paidOrder(["Amina"]);
      const attacker = fromAddress("203.0.113.7");
      for (let i = 0; i < ORDER_MISS_LIMIT.perAddress; i++)
        expect((await get("LG23456789", attacker)).status).toBe(404);
      expect((await get("LG23456789", attacker)).status).toBe(429);
      // No oracle: a guess that hits looks like one that missed.
      expect((await get(created.reference, attacker)).status).toBe(429);
      // Wrong tokens count as misses too.
      expect((await get(created.reference, { ...attacker, ...bearer("y".repeat(32)) })).status).toBe(429);
      // The buyer, from the same address (a shared network), still reads and renames their order.
      expect((await get(created.reference, { ...attacker, ...cookieOf(response) })).status).toBe(200);
      expect((await get(created.reference, { ...attacker, ...bearer(created.accessToken) })).status).toBe(200);
      // Someone else, elsewhere, is not limited by it.
      expect((await get(created.reference, fromAddress("198.51.100.4"))).status).toBe(200);
      expect((await get("LG23456789", fromAddress("198.51.100.4"))).status).toBe(404);
    });

    it("a buyer's page polling its own order never counts against the limit", async () => {
      const { created, response } = await paidOrder(["Amina"]);
      for (let i = 0; i < ORDER_MISS_LIMIT.shared + 20; i++)
        expect((await get(created.reference, cookieOf(response))).status).toBe(200);
      // …and a stranger's look at an order that exists is not a miss either.
      for (let i = 0; i < 20; i++) expect((await get(created.reference)).status).toBe(200);
      expect(await db().rateLimit.count()).toBe(0);
    });
  });
});
