/**
 * Malformed requests for every public route, generated from a seeded PRNG: the same seed gives the same
 * cases, so a 5xx found in CI or in the bench can be replayed. Cases start from a valid request (real
 * slugs, references, payment ids, ticket codes) and break it — a field dropped, a wrong type, a huge or
 * hostile string, a body that is not JSON, a path segment with bad percent-encoding — so they reach past
 * the first validation into the code behind it.
 *
 * Shared by the bounded in-process suite (test/reliability/fuzz-routes.db.test.ts) and the bench, which
 * sends the same cases over HTTP to a production server (bench/fuzz.ts).
 */
import type { Rng } from "./prng";

/** Real values the cases start from. */
export interface FuzzContext {
  slug: string;
  ticketTypeId: string;
  reference: string;
  paymentId: string;
  /** A Daraja checkout id of a real payment, so forged callbacks reach the status query. */
  checkoutRequestId: string;
  /** A DPO transaction token of a real payment. */
  dpoToken: string;
  dpoPaymentId: string;
  ticketId: string;
  ticketCode: string;
  eventId: string;
  darajaCallbackToken: string;
  /** A staff session cookie, so check-in cases get past the role check. */
  staffCookie?: string;
  /** The access token of the order `reference` names, so rename cases get past the owner check. */
  orderToken?: string;
}

export interface FuzzCase {
  route: string;
  method: "GET" | "POST" | "PATCH" | "PUT";
  /** Path and query, already encoded (it may hold deliberately invalid percent-encoding). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "😀".repeat(50),
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '\'; DROP TABLE "Order"; --',
  "../../../../etc/passwd",
  "%00",
  "%E0%A4%A",
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "0x10",
  "\r\nSet-Cookie: x=1",
  "ＬＧ１２３",
  "İstanbul",
];

const NUMBERS = [0, -1, 1, 1.5, -0.0001, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 10_000];

/** Any JSON value, more likely small, occasionally deep or long. */
export function junkValue(rng: Rng, depth = 0): unknown {
  const r = rng.int(12);
  if (depth > 3 && r > 7) return null;
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
    case 3:
      return rng.pick(NUMBERS);
    case 4:
    case 5:
      return rng.pick(HOSTILE_STRINGS);
    case 6:
      return "x".repeat(rng.pick([1, 33, 65, 101, 121, 161, 201, 2001, 20_000]));
    case 7:
      return String(rng.pick(NUMBERS));
    case 8:
      return Array.from({ length: rng.int(4) }, () => junkValue(rng, depth + 1));
    case 9:
      return Object.fromEntries(
        Array.from({ length: rng.int(4) }, () => [
          rng.pick(["a", "__proto__", "constructor", "toString", "0", ""]),
          junkValue(rng, depth + 1),
        ]),
      );
    case 10:
      // Deep nesting: a parser or a recursive walk must not fall over.
      return JSON.parse("[".repeat(500) + "]".repeat(500));
    default:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  }
}

/** A valid object broken in a few places: fields dropped, retyped or added; nested objects too. */
export function mutate(rng: Rng, value: unknown, depth = 0): unknown {
  if (rng.chance(depth === 0 ? 0.08 : 0.15)) return junkValue(rng, depth);
  if (Array.isArray(value)) {
    const items = value.map((v) => mutate(rng, v, depth + 1));
    if (rng.chance(0.2)) items.push(junkValue(rng, depth + 1));
    if (rng.chance(0.1)) return Array.from({ length: rng.pick([0, 51, 200]) }, () => items[0] ?? null);
    return items;
  }
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = rng.next();
      if (r < 0.12) continue;
      out[k] = r < 0.3 ? junkValue(rng, depth + 1) : mutate(rng, v, depth + 1);
    }
    if (rng.chance(0.15))
      out[rng.pick(["price", "priceMinor", "status", "__proto__", "role", "total"])] = junkValue(rng, depth + 1);
    return out;
  }
  return value;
}

/** A request body: usually the mutated JSON, sometimes not JSON at all. */
function body(rng: Rng, valid: unknown): string {
  const r = rng.int(20);
  if (r === 0) return "";
  if (r === 1) return JSON.stringify(valid).slice(0, rng.int(JSON.stringify(valid).length));
  if (r === 2) return '<?xml version="1.0"?><API3G><Result>000</Result></API3G>';
  if (r === 3) return "a=1&b=%ZZ&gateway=daraja";
  if (r === 4) return Buffer.from(Array.from({ length: 64 }, () => rng.int(256))).toString("latin1");
  if (r === 5 && rng.chance(0.3)) return JSON.stringify({ pad: "x".repeat(300_000) });
  if (r === 6) return "[".repeat(20_000) + "]".repeat(20_000);
  return JSON.stringify(mutate(rng, valid));
}

/** encodeURIComponent, except that a lone surrogate goes out as the invalid UTF-8 it would be. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, "")) + "%ED%A0%80";
  }
}

/** A path segment: the real value, a near miss, or something hostile (possibly badly encoded). */
function segment(rng: Rng, valid: string): string {
  const r = rng.int(10);
  if (r <= 2) return enc(valid);
  if (r === 3) return enc(valid.toLowerCase() + rng.pick(["", "x", " ", "0"]));
  if (r === 4) return rng.pick(["%E0%A4%A", "%", "%ZZ", "%C0%AF", "..%2F..%2Fetc", "%2e%2e", "%00"]);
  if (r === 5) return "a".repeat(rng.pick([65, 500, 3000]));
  return enc(String(rng.pick(HOSTILE_STRINGS)) || "x");
}

function query(rng: Rng, pairs: [string, string][]): string {
  const out = pairs.filter(() => rng.chance(0.7)).map(([k, v]) => `${k}=${rng.chance(0.6) ? enc(v) : segment(rng, v)}`);
  if (rng.chance(0.3)) out.push(`${segment(rng, "k")}=${segment(rng, "v")}`);
  if (rng.chance(0.1)) out.push("check=1", "check=1");
  return out.length ? `?${out.join("&")}` : "";
}

const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=utf-16",
];

function headers(rng: Rng, cookie?: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (rng.chance(0.9)) h["content-type"] = rng.pick(CONTENT_TYPES);
  if (cookie && rng.chance(0.8)) h.cookie = cookie;
  else if (rng.chance(0.1))
    h.cookie = rng.pick(["next-auth.session-token=forged", "next-auth.session-token=", "a=%ZZ"]);
  if (rng.chance(0.1)) h["x-forwarded-for"] = rng.pick(["1.2.3.4", "not-an-ip", "::1, 10.0.0.1", "\u00ff\u00fe"]);
  return h;
}

type Builder = (
  rng: Rng,
  c: FuzzContext,
) => Omit<FuzzCase, "route" | "headers"> & { cookie?: boolean; bearer?: boolean };

const stk = (c: FuzzContext, amount = 1000) => ({
  Body: {
    stkCallback: {
      MerchantRequestID: "29115-34620561-1",
      CheckoutRequestID: c.checkoutRequestId,
      ResultCode: 0,
      ResultDesc: "The service request is processed successfully.",
      CallbackMetadata: {
        Item: [
          { Name: "Amount", Value: amount },
          { Name: "MpesaReceiptNumber", Value: "NLJ7RT61SV" },
          { Name: "PhoneNumber", Value: 254712345678 },
        ],
      },
    },
  },
});

const dpoPush = (rng: Rng, c: FuzzContext) => {
  const field = (name: string, v: string) =>
    rng.chance(0.15)
      ? ""
      : `<${name}>${rng.chance(0.2) ? String(rng.pick(HOSTILE_STRINGS)).replace(/[<&]/g, "") : v}</${name}>`;
  const xml = `<?xml version="1.0" encoding="utf-8"?><API3G>${field("Result", rng.pick(["000", "901", "904", "xyz"]))}${field("TransactionToken", c.dpoToken)}${field("CompanyRef", c.dpoPaymentId)}${field("TransactionAmount", rng.pick(["50000.00", "-1", "abc", "1e9"]))}${field("TransactionCurrency", rng.pick(["TZS", "KES", "XXX"]))}${rng.chance(0.3) ? "" : "</API3G>"}`;
  return rng.chance(0.1)
    ? xml.replace("<API3G>", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><API3G>&e;')
    : xml;
};

const GATEWAYS = ["daraja", "dpo", "mtn-momo", "airtel", "flutterwave", "ksher", "cash"];
const DARAJA_KINDS = ["stk", "c2b-validation", "c2b-confirmation", "b2c-result", "reversal-result", "timeout"];

/** Every public route, with how to build a (broken) request for it. */
export const FUZZ_ROUTES: Record<string, Builder> = {
  "GET /api/health": (rng) => ({ method: "GET", path: `/api/health${query(rng, [["full", "1"]])}` }),
  "GET /api/events": (rng) => ({
    method: "GET",
    path: `/api/events${query(rng, [
      ["page", "1"],
      ["country", "KE"],
    ])}`,
  }),
  "GET /api/events/{slug}": (rng, c) => ({
    method: "GET",
    path: `/api/events/${segment(rng, c.slug)}${query(rng, [["x", "1"]])}`,
  }),
  "POST /api/orders": (rng, c) => ({
    method: "POST",
    path: "/api/orders",
    body: body(rng, {
      eventSlug: c.slug,
      items: [
        { ticketTypeId: c.ticketTypeId, quantity: 1, attendees: [{ name: "Amina", email: "amina@example.com" }] },
      ],
      booths: rng.chance(0.3)
        ? [{ boothId: "b1", company: "Acme", addons: [{ code: "power", quantity: 1 }] }]
        : undefined,
      buyer: { name: "Wanjiku Kamau", email: "wanjiku@example.com", phone: "0712 345 678" },
    }),
  }),
  "GET /api/orders/{reference}": (rng, c) => ({ method: "GET", path: `/api/orders/${segment(rng, c.reference)}` }),
  "POST /api/orders/{reference}/payments": (rng, c) => ({
    method: "POST",
    path: `/api/orders/${segment(rng, c.reference)}/payments`,
    body: body(rng, {
      gateway: rng.pick(GATEWAYS),
      phone: "0712 345 678",
      method: rng.pick(["card", "mpesa", "tigo"]),
    }),
  }),
  "PATCH /api/orders/{reference}/tickets/{ticketId}": (rng, c) => ({
    method: "PATCH",
    path: `/api/orders/${segment(rng, c.reference)}/tickets/${segment(rng, c.ticketId)}`,
    bearer: true,
    body: body(rng, { name: "Amina Odhiambo" }),
  }),
  "GET /api/payments/{paymentId}": (rng, c) => ({
    method: "GET",
    path: `/api/payments/${segment(rng, c.paymentId)}${query(rng, [["check", "1"]])}`,
  }),
  "POST /api/tickets/resend": (rng) => ({
    method: "POST",
    path: "/api/tickets/resend",
    body: body(rng, { email: "wanjiku@example.com" }),
  }),
  "POST /api/callbacks/{gateway}": (rng, c) => {
    const gateway = rng.chance(0.8) ? rng.pick(GATEWAYS) : segment(rng, "dpo");
    return {
      method: rng.chance(0.9) ? "POST" : "PUT",
      path: `/api/callbacks/${gateway}`,
      body: rng.chance(0.5) ? dpoPush(rng, c) : body(rng, stk(c)),
    };
  },
  "POST /api/callbacks/{gateway}/{kind}": (rng, c) => {
    const kind = rng.chance(0.8) ? rng.pick(DARAJA_KINDS) : segment(rng, "stk");
    const token = rng.chance(0.7) ? c.darajaCallbackToken : String(rng.pick(HOSTILE_STRINGS));
    const envelope =
      kind === "stk"
        ? stk(c, rng.pick([1000, 1, -5]))
        : {
            Result: {
              ResultType: 0,
              ResultCode: rng.pick([0, 1, "0"]),
              ConversationID: "AG_1",
              OriginatorConversationID: "x",
              ResultDesc: "ok",
            },
          };
    return {
      method: "POST",
      path: `/api/callbacks/${rng.chance(0.85) ? "daraja" : rng.pick(GATEWAYS)}/${kind}${query(rng, [["token", token]])}`,
      body: body(rng, envelope),
    };
  },
  "GET /pay/return/{gateway}": (rng, c) => ({
    method: "GET",
    path: `/pay/return/${rng.chance(0.8) ? rng.pick(GATEWAYS) : segment(rng, "dpo")}${query(rng, [
      ["payment", rng.chance(0.5) ? c.dpoPaymentId : c.paymentId],
      ["TransactionToken", c.dpoToken],
      ["CompanyRef", c.dpoPaymentId],
      ["PnrID", c.dpoPaymentId],
    ])}`,
  }),
  "POST /api/checkin": (rng, c) => ({
    method: "POST",
    path: "/api/checkin",
    cookie: true,
    body: body(rng, {
      code: rng.chance(0.7) ? c.ticketCode : c.ticketCode.slice(0, rng.int(c.ticketCode.length)),
      gate: "North",
      deviceId: "phone-1",
      scanId: `fz-${rng.int(1e9)}`,
      eventId: c.eventId,
      scannedAt: new Date().toISOString(),
      offline: true,
      localResult: "ok",
    }),
  }),
  "GET /api/checkin/lookup": (rng, c) => ({
    method: "GET",
    cookie: true,
    path: `/api/checkin/lookup${query(rng, [
      ["eventId", c.eventId],
      ["q", rng.pick(["Amina", c.reference, "%", "_", "\\"])],
    ])}`,
  }),
  "GET /api/checkin/bundle": (rng, c) => ({
    method: "GET",
    cookie: true,
    path: `/api/checkin/bundle${query(rng, [["eventId", c.eventId]])}`,
  }),
};

/** `count` cases for one route, reproducible from the PRNG's state. */
export function fuzzCases(route: string, rng: Rng, ctx: FuzzContext, count: number): FuzzCase[] {
  const build = FUZZ_ROUTES[route];
  return Array.from({ length: count }, () => {
    const { cookie, bearer, ...c } = build(rng, ctx);
    const h = headers(rng, cookie ? ctx.staffCookie : undefined);
    if (bearer && ctx.orderToken && rng.chance(0.8)) h.authorization = `Bearer ${ctx.orderToken}`;
    return { route, ...c, headers: h, ...(c.method === "GET" && { body: undefined }) };
  });
}

/** What a fuzz case must never get back: a 5xx, or an error body that leaks internals. */
export function fuzzVerdict(status: number, text: string): string | null {
  if (status >= 500) return `HTTP ${status}`;
  if (status >= 400 && /\bat \S+\.(ts|js):\d+|node_modules|PrismaClient|\bstack\b/i.test(text))
    return `HTTP ${status} with internals in the body`;
  return null;
}
