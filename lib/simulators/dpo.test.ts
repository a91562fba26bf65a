// DPO simulator over real HTTP, with XML written by hand from reference/gateways.md §2.
import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it, vi } from "vitest";
import { simulatorHarnessPerFile } from "./testing/harness";

const COMPANY = "9F416C11-127B-4DE2-AC7F-D5710E4C5E0A";
const xmlParser = new XMLParser({ parseTagValue: false });

const h = simulatorHarnessPerFile();
afterEach(() => vi.useRealTimers());

async function api(xml: string, version = "v6") {
  const res = await fetch(`${h.sim}/dpo/API/${version}/`, {
    method: "POST",
    headers: { "content-type": "application/xml" },
    body: xml,
  });
  const text = await res.text();
  return { res, text, doc: (xmlParser.parse(text) as { API3G: Record<string, string> }).API3G };
}

interface CreateOptions {
  amount?: string;
  currency?: string;
  companyRef?: string;
  extraTransaction?: string;
  services?: string;
  company?: string;
}

function createXml(o: CreateOptions = {}) {
  return `<?xml version="1.0" encoding="utf-8"?>
<API3G>
  <CompanyToken>${o.company ?? COMPANY}</CompanyToken>
  <Request>createToken</Request>
  <Transaction>
    <PaymentAmount>${o.amount ?? "2500.00"}</PaymentAmount>
    <PaymentCurrency>${o.currency ?? "KES"}</PaymentCurrency>
    <CompanyRef>${o.companyRef ?? "LNG-7QK2M9"}</CompanyRef>
    <RedirectURL>${h.app.url}/pay/return/dpo</RedirectURL>
    <BackURL>${h.app.url}/pay/return/dpo?cancelled=1</BackURL>
    <customerFirstName>Amina</customerFirstName>
    <customerLastName>Odhiambo</customerLastName>
    <customerEmail>amina@example.com</customerEmail>
    <customerPhone>254708374149</customerPhone>
    ${o.extraTransaction ?? ""}
  </Transaction>
  <Services>${
    o.services ??
    `<Service><ServiceType>3854</ServiceType><ServiceDescription>2 x VIP ticket</ServiceDescription><ServiceDate>2026/08/14 18:00</ServiceDate></Service>`
  }</Services>
</API3G>`;
}

async function createToken(o: CreateOptions = {}) {
  const { doc } = await api(createXml(o));
  expect(doc.Result).toBe("000");
  return doc.TransToken;
}

const verifyXml = (inner: string, company = COMPANY) =>
  `<?xml version="1.0" encoding="utf-8"?><API3G><CompanyToken>${company}</CompanyToken><Request>verifyToken</Request>${inner}</API3G>`;

async function verify(token: string) {
  return (await api(verifyXml(`<TransactionToken>${token}</TransactionToken>`))).doc;
}

async function choose(token: string, outcome: string, extra: Record<string, string> = {}) {
  return fetch(`${h.sim}/dpo/payv2.php?ID=${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ outcome, ...extra }).toString(),
    redirect: "manual",
  });
}

describe("createToken", () => {
  it("creates a token", async () => {
    const { res, text, doc } = await api(createXml());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/xml/);
    expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?><API3G>')).toBe(true);
    expect(doc).toMatchObject({ Result: "000", ResultExplanation: "Transaction created" });
    expect(doc.TransToken).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(doc.TransRef).toMatch(/^[0-9A-Z]{9}$/);
  });

  it("also answers on /API/v7 and without the trailing slash", async () => {
    for (const path of ["API/v7/", "API/v6"]) {
      const res = await fetch(`${h.sim}/dpo/${path}`, { method: "POST", body: createXml() });
      expect((xmlParser.parse(await res.text()) as { API3G: { Result: string } }).API3G.Result).toBe("000");
    }
  });

  it.each([
    ["malformed XML", "<API3G><CompanyToken>x</API3G>", "804"],
    ["an empty body", "", "804"],
    ["a DOCTYPE", `<!DOCTYPE API3G [<!ENTITY x "y">]><API3G><CompanyToken>&x;</CompanyToken></API3G>`, "804"],
    ["another root", `<Foo><CompanyToken>${COMPANY}</CompanyToken></Foo>`, "804"],
    ["no company token", "<API3G><Request>createToken</Request></API3G>", "801"],
    [
      "an unknown company token",
      `<API3G><CompanyToken>00000000-0000</CompanyToken><Request>createToken</Request></API3G>`,
      "802",
    ],
    ["an unknown request", `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>makeToken</Request></API3G>`, "803"],
  ])("answers %s with %s", async (_what, xml, code) => {
    const { res, doc } = await api(xml);
    expect(res.status).toBe(200);
    expect(doc.Result).toBe(code);
    expect(doc.ResultExplanation).toBeTruthy();
  });

  it.each([
    ["a missing PaymentAmount", { amount: "" }, "902"],
    ["three decimals", { amount: "10.005" }, "902"],
    ["a non-numeric amount", { amount: "ten" }, "902"],
    ["a missing currency", { currency: "" }, "902"],
    ["an unsupported currency", { currency: "XYZ" }, "904"],
    ["no services", { services: "" }, "950"],
    [
      "a service without description",
      { services: "<Service><ServiceType>3854</ServiceType><ServiceDate>2026/08/14 18:00</ServiceDate></Service>" },
      "950",
    ],
    [
      "a service without date",
      { services: "<Service><ServiceType>3854</ServiceType><ServiceDescription>x</ServiceDescription></Service>" },
      "950",
    ],
    [
      "a badly formatted ServiceDate",
      {
        services:
          "<Service><ServiceType>3854</ServiceType><ServiceDescription>x</ServiceDescription><ServiceDate>2026-08-14 18:00</ServiceDate></Service>",
      },
      "902",
    ],
    ["a repeated tag", { extraTransaction: "<PaymentCurrency>USD</PaymentCurrency>" }, "960"],
    ["a bad PTLtype", { extraTransaction: "<PTL>5</PTL><PTLtype>days</PTLtype>" }, "902"],
  ])("rejects %s with %s", async (_what, options, code) => {
    const { doc } = await api(createXml(options));
    expect(doc.Result).toBe(code);
  });

  it("accepts several services and one or two decimals", async () => {
    const services = [1, 2]
      .map(
        (i) =>
          `<Service><ServiceTypeName>Tickets</ServiceTypeName><ServiceDescription>Item ${i}</ServiceDescription><ServiceDate>2026/08/14 18:00</ServiceDate></Service>`,
      )
      .join("");
    for (const amount of ["12", "12.5", "12.50"]) await createToken({ amount, services });
  });

  it("refuses a paid CompanyRef with 940 when CompanyRefUnique is set", async () => {
    const unique = { extraTransaction: "<CompanyRefUnique>1</CompanyRefUnique>" };
    const first = await createToken(unique);
    // Unpaid tokens do not block a new one.
    await createToken(unique);
    await choose(first, "card");
    expect((await api(createXml(unique))).doc.Result).toBe("940");
    // Without the flag a paid ref is fine, and other refs are unaffected.
    await createToken();
    await createToken({ ...unique, companyRef: "LNG-OTHER" });
  });
});

describe("verifyToken, cancelToken, refundToken", () => {
  it("says 900 until paid, then 000 with the payment details", async () => {
    const token = await createToken();
    const pending = await verify(token);
    expect(pending).toMatchObject({
      Result: "900",
      ResultExplanation: "Transaction not paid yet",
      TransactionAmount: "2500.00",
      TransactionCurrency: "KES",
    });

    const res = await choose(token, "card");
    expect(res.status).toBe(303);
    const paid = await verify(token);
    expect(paid).toMatchObject({
      Result: "000",
      ResultExplanation: "Transaction Paid",
      CustomerName: "Amina Odhiambo",
      CustomerCreditType: "Visa",
      CustomerCredit: "1111",
      TransactionCurrency: "KES",
      TransactionAmount: "2500.00",
      FraudAlert: "000",
      FraudExplnation: "Genuine",
      TransactionFinalAmount: "2500.00",
    });
    expect(paid.TransactionApproval).toMatch(/^\d{6}$/);
    expect(paid.TransactionNetAmount).toBe("2412.50");
    for (const key of [
      "TransactionSettlementDate",
      "CustomerPhone",
      "MobilePaymentRequest",
      "AccRef",
      "TransactionRollingReserveAmount",
    ]) {
      expect(key in paid).toBe(true);
    }
  });

  it("finds the token by CompanyRef too", async () => {
    const token = await createToken({ companyRef: "LNG-BYREF" });
    await choose(token, "mobile", { mno: "kenya:mpesa", phone: "254708374149" });
    const doc = (await api(verifyXml("<CompanyRef>LNG-BYREF</CompanyRef>"))).doc;
    expect(doc).toMatchObject({ Result: "000", CustomerCreditType: "Mobile", FraudAlert: "001" });
    expect(doc.TransactionApproval).toMatch(/^[A-Z0-9]{10}$/);
  });

  it("says 901 after a decline and 904 after a cancel", async () => {
    const declined = await createToken();
    await choose(declined, "decline");
    expect(await verify(declined)).toMatchObject({ Result: "901", ResultExplanation: "Transaction declined" });

    const cancelled = await createToken();
    await choose(cancelled, "cancel");
    expect(await verify(cancelled)).toMatchObject({ Result: "904", ResultExplanation: "Transaction cancelled" });
  });

  it("answers 950 without a token or ref, and a mismatch for another company's token", async () => {
    expect((await api(verifyXml(""))).doc.Result).toBe("950");
    expect((await api(verifyXml("<TransactionToken>NOPE</TransactionToken>"))).doc.Result).toBe("902");
  });

  it("says 903 once the payment time limit has passed, and the page refuses payment", async () => {
    const token = await createToken({ extraTransaction: "<PTL>5</PTL><PTLtype>minutes</PTLtype>" });
    expect((await verify(token)).Result).toBe("900");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1000);
    expect(await verify(token)).toMatchObject({
      Result: "903",
      ResultExplanation: "The transaction passed the Payment Time Limit",
    });
    const res = await choose(token, "card");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("payment time limit");
    expect((await verify(token)).Result).toBe("903");
    expect(h.app.requests).toHaveLength(0);
  });

  it("cancels an unpaid token", async () => {
    const token = await createToken();
    const { doc } = await api(
      `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>cancelToken</Request><TransactionToken>${token}</TransactionToken></API3G>`,
    );
    expect(doc).toMatchObject({ Result: "000", ResultExplanation: "Token been updated to status cancelled" });
    expect((await verify(token)).Result).toBe("904");
    // A cancelled token cannot be paid from the page any more.
    await choose(token, "card");
    expect((await verify(token)).Result).toBe("904");
  });

  it("refunds up to the paid amount and fails beyond it", async () => {
    const token = await createToken({ amount: "100.00" });
    const refund = (amount: string) =>
      api(
        `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>refundToken</Request><TransactionToken>${token}</TransactionToken><refundAmount>${amount}</refundAmount><refundDetails>Event cancelled</refundDetails></API3G>`,
      );

    expect((await refund("10.00")).doc.Result).toBe("999");
    await choose(token, "card");
    expect((await refund("60.00")).doc).toMatchObject({ Result: "000", ResultExplanation: "Refund successful" });
    const over = (await refund("40.01")).doc;
    expect(over.Result).toBe("999");
    expect(over.ResultExplanation).toMatch(/^Refund failed - /);
    expect((await refund("40.00")).doc.Result).toBe("000");
    const missing = await api(
      `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>refundToken</Request><TransactionToken>${token}</TransactionToken></API3G>`,
    );
    expect(missing.doc.Result).toBe("950");
  });
});

describe("escaping", () => {
  it("round-trips &, < and > in services and customer names", async () => {
    const token = await createToken({
      services: `<Service><ServiceType>3854</ServiceType><ServiceDescription>Tom &amp; Jerry &lt;VIP&gt; "Gala"</ServiceDescription><ServiceDate>2026/08/14 18:00</ServiceDate></Service>`,
    });
    // A second token whose customer names need escaping.
    const tricky = createXml()
      .replace(
        "<customerFirstName>Amina</customerFirstName>",
        "<customerFirstName>O'Brien &amp; Sons</customerFirstName>",
      )
      .replace("<customerLastName>Odhiambo</customerLastName>", "<customerLastName>&lt;Ltd&gt;</customerLastName>");
    const trickyToken = (await api(tricky)).doc.TransToken;

    const { text, doc } = await api(verifyXml(`<TransactionToken>${trickyToken}</TransactionToken>`));
    expect(text).toContain("<CustomerName>O&apos;Brien &amp; Sons &lt;Ltd&gt;</CustomerName>");
    expect(doc.CustomerName).toBe("O'Brien & Sons <Ltd>");

    const page = await (await fetch(`${h.sim}/dpo/payv2.php?ID=${token}`)).text();
    expect(page).toContain("Tom &amp; Jerry &lt;VIP&gt; &quot;Gala&quot;");
    expect(page).not.toContain("<VIP>");

    await choose(trickyToken, "card");
    const [push] = await h.app.waitFor((r) => r.length > 0);
    expect(push.body).toContain("<CustomerName>O&apos;Brien &amp; Sons &lt;Ltd&gt;</CustomerName>");
  });
});

describe("hosted payment page", () => {
  it("shows merchant, amount, services and the outcome buttons, without script", async () => {
    const token = await createToken();
    const res = await fetch(`${h.sim}/dpo/payv2.php?ID=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain("Lango Events (DPO sandbox)");
    expect(page).toContain("KES 2,500");
    expect(page).toContain("2 x VIP ticket");
    for (const value of ["card", "mobile", "decline", "cancel"])
      expect(page).toContain(`name="outcome" value="${value}"`);
    expect(page).toContain(`action="/sim/dpo/payv2.php?ID=${token}"`);
    expect(page).toContain('content="width=device-width,initial-scale=1"');
  });

  it("preselects mobile money with the merchant's country and operator", async () => {
    const token = await createToken({
      currency: "TZS",
      extraTransaction:
        "<DefaultPayment>MO</DefaultPayment><DefaultPaymentCountry>tanzania</DefaultPaymentCountry><DefaultPaymentMNO>tigo</DefaultPaymentMNO>",
    });
    const page = await (await fetch(`${h.sim}/dpo/payv2.php?ID=${token}`)).text();
    expect(page).toContain('<option value="tanzania:tigo" selected>');
    expect(page).toContain("preselected");
    expect(page.indexOf('value="mobile"')).toBeLessThan(page.indexOf('value="card"'));
  });

  it("answers 404 for an unknown token", async () => {
    expect((await fetch(`${h.sim}/dpo/payv2.php?ID=NOPE`)).status).toBe(404);
  });

  it("redirects to RedirectURL with DPO's parameters and pushes the result to the app", async () => {
    const token = await createToken();
    const res = await choose(token, "card");
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${h.app.url}/pay/return/dpo`);
    const approval = (await verify(token)).TransactionApproval;
    expect(Object.fromEntries(location.searchParams)).toEqual({
      TransID: token,
      CCDapproval: approval,
      PnrID: "LNG-7QK2M9",
      TransactionToken: token,
      CompanyRef: "LNG-7QK2M9",
    });

    const [push] = await h.app.waitFor((r) => r.length > 0);
    expect(push.method).toBe("POST");
    expect(push.path).toBe("/api/callbacks/dpo");
    expect(push.headers["content-type"]).toMatch(/xml/);
    const doc = (xmlParser.parse(push.body) as { API3G: Record<string, string> }).API3G;
    expect(doc).toMatchObject({
      Result: "000",
      ResultExplanation: "Transaction Paid",
      TransactionToken: token,
      CompanyRef: "LNG-7QK2M9",
      TransactionAmount: "2500.00",
      TransactionCurrency: "KES",
      TransactionApproval: approval,
    });
    expect(doc.TransactionRef).toMatch(/^[0-9A-Z]{9}$/);

    const notes = (await (await h.control("/notifications")).json()) as {
      kind: string;
      deliveries: { status: number; responseBody: string }[];
    }[];
    expect(notes).toMatchObject([{ kind: "push", deliveries: [{ status: 200, responseBody: "OK" }] }]);
  });

  it("appends with & when RedirectURL already has a query, and sends cancel to BackURL", async () => {
    const xml = createXml().replace(
      `${h.app.url}/pay/return/dpo</RedirectURL>`,
      `${h.app.url}/pay/return/dpo?order=LNG-7QK2M9&amp;x=1</RedirectURL>`,
    );
    const token = (await api(xml)).doc.TransToken;
    const declined = await choose(token, "decline");
    const location = declined.headers.get("location")!;
    expect(
      location.startsWith(`${h.app.url}/pay/return/dpo?order=LNG-7QK2M9&x=1&TransID=${token}&CCDapproval=&PnrID=`),
    ).toBe(true);

    const other = await createToken();
    const cancelled = await choose(other, "cancel");
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get("location")).toBe(
      `${h.app.url}/pay/return/dpo?cancelled=1&TransactionToken=${other}&CompanyRef=LNG-7QK2M9`,
    );

    await h.app.waitFor((r) => r.length === 2);
    const results = h.app.requests
      .map((r) => (xmlParser.parse(r.body) as { API3G: { Result: string } }).API3G.Result)
      .sort();
    expect(results).toEqual(["901", "904"]);
  });

  it("does not settle twice when the form is submitted again", async () => {
    const token = await createToken();
    const first = await choose(token, "card");
    const second = await choose(token, "decline");
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect((await verify(token)).Result).toBe("000");
    await new Promise((r) => setTimeout(r, 100));
    expect(h.app.requests).toHaveLength(1);
  });

  it("sends pushes to the configured notification URL", async () => {
    await h.control("/settings", { dpoNotificationUrl: `${h.app.url}/custom/dpo-notify` });
    await choose(await createToken(), "card");
    const [push] = await h.app.waitFor((r) => r.length > 0);
    expect(push.path).toBe("/custom/dpo-notify");
  });
});

describe("ChargeTokenMobile", () => {
  it("pushes a prompt to the phone; approving it pays the token", async () => {
    const token = await createToken();
    const { doc } = await api(
      `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>ChargeTokenMobile</Request><TransactionToken>${token}</TransactionToken><PhoneNumber>254708374149</PhoneNumber><MNO>mpesa</MNO><MNOcountry>kenya</MNOcountry></API3G>`,
    );
    expect(doc).toMatchObject({ StatusCode: "130", ResultExplanation: "New invoice", RedirectOption: "0" });
    const prompts = (await (await h.control("/prompts")).json()) as { id: string }[];
    expect(prompts).toEqual([
      {
        id: expect.any(String),
        gateway: "dpo",
        phone: "254708374149",
        amount: 2500,
        currency: "KES",
        reference: "LNG-7QK2M9",
        // When the phone stops taking an answer: the app counts down to this moment.
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    await h.control(`/prompts/${prompts[0].id}`, { outcome: "approve" });
    await h.app.waitFor((r) => r.length > 0);
    expect(await verify(token)).toMatchObject({
      Result: "000",
      CustomerCreditType: "Mobile",
      MobilePaymentRequest: "Sent",
    });
  });
});

describe("pentest 12.10: DPO sends the payer and its push only to the app's origin or this machine", () => {
  it.each(["RedirectURL", "BackURL"])("refuses a %s on another host with 902 at createToken", async (field) => {
    const xml = createXml().replace(
      new RegExp(`<${field}>[^<]*</${field}>`),
      `<${field}>https://example.com/pay/return</${field}>`,
    );
    const { doc } = await api(xml);
    expect(doc).toMatchObject({ Result: "902", ResultExplanation: `Data mismatch in one of the fields - ${field}` });
    expect(doc.TransToken).toBeUndefined();
  });

  it("refuses a Payment Notification URL on another host in the simulator's portal settings", async () => {
    const res = await h.control("/settings", { dpoNotificationUrl: "https://example.com/dpo/push" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_input" } });
    expect(
      ((await (await h.control("/settings")).json()) as { dpoNotificationUrl: unknown }).dpoNotificationUrl,
    ).toBeNull();
    expect((await h.control("/settings", { dpoNotificationUrl: `${h.app.url}/api/callbacks/dpo` })).status).toBe(200);
  });

  it("still takes the app's loopback URLs", async () => {
    expect(await createToken()).toMatch(/^[0-9A-F-]{36}$/);
  });
});
