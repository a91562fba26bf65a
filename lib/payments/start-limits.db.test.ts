import { expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { DIRECT_CLIENT } from "@/lib/http/client-ip";
import { describeEachDatabase } from "@/test/db";
import { buyer } from "@/test/fixtures";
import { paymentsApp } from "@/test/payments-kit";
import { ORDER_MISS_LIMIT, type OrderCaller } from "@/lib/orders/order-access";
import { PAYMENT_START_LIMITS, paymentStartsPerClient, startPayment } from "./start-payment";

describeEachDatabase("who may start payments, and how often", (database) => {
  const { db, server, demo } = paymentsApp(database);
  let n = 0;
  const order = async () => {
    n++;
    const o = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().nairobi.slug,
        items: [{ ticketTypeId: demo().nairobi.regular.id, quantity: 1 }],
        buyer: { ...buyer, email: `limits-${n}@example.com`, phone: `0712 700 ${String(n).padStart(3, "0")}` },
      }),
    );
    tokens.set(o.reference, o.accessToken);
    return o.reference;
  };
  const tokens = new Map<string, string>();
  const from = (client: string): OrderCaller => ({ bearer: null, remembered: new Map(), client });
  const start = (reference: string, client?: string, phone?: string) =>
    startPayment(
      db(),
      { reference, gateway: "daraja", phone, caller: client ? from(client) : undefined },
      server().env,
    ).then(
      () => "started",
      (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
    );

  it("one client prompts only so many phones, whichever orders and numbers it names; others are served", async () => {
    const limit = paymentStartsPerClient();
    expect(limit).toBe(60); // ORDER_RATE_LIMIT_PER_IP's default 30 orders per 10 minutes, two attempts each
    // A script's loop: a new order and a new stranger's phone each time, from one address.
    const answers: string[] = [];
    for (let i = 0; i <= limit; i++)
      answers.push(await start(await order(), "ip:203.0.113.50", `0712 800 ${String(i).padStart(3, "0")}`));
    expect(answers.slice(0, limit)).toEqual(Array(limit).fill("started"));
    expect(answers[limit]).toMatch(/^rate_limited: Too many payment attempts from here/);
    // Another address, and the box office (no client key: a signed-in cashier), are not held back.
    expect(await start(await order(), "ip:203.0.113.51")).toBe("started");
    expect(await start(await order())).toBe("started");
    // Clients of unknown address (no TRUST_PROXY) are not one caller: a bucket for all would stop a rush.
    for (let i = 0; i <= limit; i++) expect(await start(await order(), DIRECT_CLIENT)).toBe("started");
  });

  it("a phone gets at most a day's prompts, however they are spread", async () => {
    const reference = await order();
    const phone = "+254712999001";
    const { limit, windowMs } = PAYMENT_START_LIMITS.perPhoneDay;
    // The day so far: its prompts spread out, so the two-minute limit never applied.
    await db().rateLimit.create({
      data: { key: `pay:phone-day:${phone}`, count: limit, resetAt: new Date(Date.now() + windowMs / 2) },
    });
    expect(await start(reference, undefined, phone)).toMatch(
      /^rate_limited: This phone has had as many payment prompts as one phone may get in a day/,
    );
    expect(await start(reference, undefined, "+254712999002")).toBe("started");
  });

  it("a start names its order by reference: guesses count as misses, as lookups' do, and then stop", async () => {
    const real = await order();
    const guesses: string[] = [];
    for (let i = 0; i < ORDER_MISS_LIMIT.perAddress; i++)
      guesses.push(await start(`LG${String(i).padStart(8, "0")}`, "ip:203.0.113.60"));
    expect(new Set(guesses)).toEqual(new Set(["order_not_found: There is no order with that reference."]));
    // Over the limit, a guess that hits is refused like a miss: nothing tells the two apart.
    expect(await start("LGNOTANORDER", "ip:203.0.113.60")).toMatch(/^rate_limited: Too many order lookups/);
    expect(await start(real, "ip:203.0.113.60")).toMatch(/^rate_limited: Too many order lookups/);
    // The buyer, whose browser holds the order's token, still starts from there; so does another client.
    const buyerBrowser = { ...from("ip:203.0.113.60"), remembered: new Map([[real, tokens.get(real)!]]) };
    expect(
      await startPayment(db(), { reference: real, gateway: "dpo", caller: buyerBrowser }, server().env).then(
        (p) => p.status,
      ),
    ).toBe("pending");
    expect(await start(real, "ip:203.0.113.61")).toBe("started");
  });
});
