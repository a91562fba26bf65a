/** What a phone, a payer and a gate do over HTTP, for the scenarios. */
import { json } from "./load";

export const SLUG = "nairobi-tech-summit";

export const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

export const buyer = (i: number, prefix = 3) => ({
  name: `Buyer ${i}`,
  email: `buyer${i}@example.com`,
  phone: `07${String(prefix * 10_000_000 + i).slice(-8)}`,
});

/** Signs in through next-auth's credentials form and returns the session cookie. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = await json<{ csrfToken: string }>(csrf);
  const cookies = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return session;
}

export async function createTicketType(
  open: () => Promise<{ prisma: import("@/lib/db/client").Db; close(): Promise<void> }>,
  name: string,
  capacity: number,
) {
  const db = await open();
  try {
    const event = await db.prisma.event.findUniqueOrThrow({ where: { slug: SLUG } });
    return await db.prisma.ticketType.create({
      data: { eventId: event.id, name, priceMinor: 1_000_00, currency: event.currency, capacity, maxPerOrder: 10 },
    });
  } finally {
    await db.close();
  }
}

/** An order and an M-Pesa payment attempt for buyer i; the prompt is waiting on the virtual phone. */
export async function orderAndPay(base: string, ticketTypeId: string, i: number, quantity = 1) {
  const b = buyer(i);
  const order = await post(`${base}/api/orders`, { eventSlug: SLUG, items: [{ ticketTypeId, quantity }], buyer: b });
  if (order.status !== 201) throw new Error(`order: HTTP ${order.status} ${await order.text()}`);
  const { reference, accessToken } = await json<{ reference: string; accessToken: string }>(order);
  const started = await post(`${base}/api/orders/${reference}/payments`, { gateway: "daraja", phone: b.phone });
  if (started.status !== 201) throw new Error(`payment: HTTP ${started.status} ${await started.text()}`);
  const { paymentId, status } = await json<{ paymentId: string; status: string }>(started);
  if (status !== "pending") throw new Error(`payment started as ${status}`);
  return { reference, accessToken, paymentId, phone: b.phone };
}

const digits = (s: string) => s.replace(/\D/g, "");

/** The payer approves the prompt for this phone on the virtual phone. */
export async function approvePrompt(base: string, phone: string) {
  for (let tries = 0; tries < 100; tries++) {
    const prompts = await json<{ id: string; phone: string }[]>(await fetch(`${base}/sim/api/prompts`));
    const prompt = prompts.find((p) => digits(p.phone).endsWith(digits(phone).slice(-9)));
    if (prompt) {
      const res = await post(`${base}/sim/api/prompts/${prompt.id}`, { outcome: "approve" });
      if (!res.ok) throw new Error(`approve: HTTP ${res.status}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no prompt for ${phone}`);
}

export async function waitForStatus(base: string, paymentId: string, want: string, everyMs = 20, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const view = await json<{ status: string }>(await fetch(`${base}/api/payments/${paymentId}`));
    if (view.status === want) return;
    if (view.status !== "pending" || Date.now() > end)
      throw new Error(`payment ${paymentId} is ${view.status}, not ${want}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
