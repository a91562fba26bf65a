// Daraja simulator over real HTTP, with requests written by hand from reference/gateways.md §1.
import { afterEach, describe, expect, it } from "vitest";
import { simulatorHarnessPerFile } from "./testing/harness";

const SHORTCODE = "174379";
const PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
const BASIC = `Basic ${Buffer.from("consumer-key:consumer-secret").toString("base64")}`;

const h = simulatorHarnessPerFile();
afterEach(() => h.app.clear());

async function token(auth = BASIC): Promise<string> {
  const res = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { authorization: auth },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function password(timestamp: string, shortcode = SHORTCODE, passkey = PASSKEY) {
  return Buffer.from(shortcode + passkey + timestamp).toString("base64");
}

function stkBody(overrides: Record<string, unknown> = {}) {
  const Timestamp = "20240710091526";
  return {
    BusinessShortCode: 174379,
    Password: password(Timestamp),
    Timestamp,
    TransactionType: "CustomerPayBillOnline",
    Amount: 5000,
    PartyA: 254708374149,
    PartyB: 174379,
    PhoneNumber: 254708374149,
    CallBackURL: `${h.app.url}/api/callbacks/daraja/stk?t=secret`,
    AccountReference: "LNG-7QK2M9",
    TransactionDesc: "Tickets",
    ...overrides,
  };
}

async function post(path: string, body: unknown, accessToken: string, contentType = "application/json") {
  return fetch(`${h.sim}/daraja${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function push(accessToken: string, overrides: Record<string, unknown> = {}) {
  const res = await post("/mpesa/stkpush/v1/processrequest", stkBody(overrides), accessToken);
  return { res, json: (await res.json()) as Record<string, unknown> };
}

async function query(accessToken: string, checkoutRequestId: string) {
  const Timestamp = "20240710091600";
  const res = await post(
    "/mpesa/stkpushquery/v1/query",
    { BusinessShortCode: "174379", Password: password(Timestamp), Timestamp, CheckoutRequestID: checkoutRequestId },
    accessToken,
  );
  return { res, json: (await res.json()) as Record<string, unknown> };
}

async function answerOnlyPrompt(outcome: string) {
  const prompts = (await (await h.control("/prompts")).json()) as { id: string }[];
  expect(prompts).toHaveLength(1);
  const res = await h.control(`/prompts/${prompts[0].id}`, { outcome });
  expect(res.status).toBe(200);
}

async function stkCallback() {
  const [cb] = await h.app.waitFor((r) => r.length > 0);
  expect(cb.path).toBe("/api/callbacks/daraja/stk?t=secret");
  expect(cb.headers["content-type"]).toMatch(/^application\/json/);
  return { raw: cb.body, json: JSON.parse(cb.body) as { Body: { stkCallback: Record<string, unknown> } } };
}

describe("OAuth", () => {
  it("issues a token with expires_in as the number 3599", async () => {
    const res = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { authorization: BASIC },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in"]);
    expect(body.expires_in).toBe(3599);
    expect(body.access_token).toMatch(/^[A-Za-z0-9]{28}$/);
  });

  it("rejects a wrong grant type with 400.008.02 and missing Basic auth with 400.008.01", async () => {
    const wrongGrant = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=password`, {
      headers: { authorization: BASIC },
    });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toMatchObject({
      errorCode: "400.008.02",
      errorMessage: "Invalid grant type passed",
    });

    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer abc" },
      { authorization: `Basic ${Buffer.from("nocolon").toString("base64")}` },
    ]) {
      const res = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, { headers });
      expect(res.status).toBe(400);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ errorCode: "400.008.01", errorMessage: "Invalid authentication type passed" });
      expect(typeof body.requestId).toBe("string");
    }
  });

  it("invalidates the previous token when a new one is issued (latest wins)", async () => {
    const first = await token();
    const second = await token();
    const stale = await push(first);
    expect(stale.res.status).toBe(404);
    expect(stale.json).toMatchObject({ errorCode: "404.001.03", errorMessage: "Invalid Access Token" });
    expect(typeof stale.json.requestId).toBe("string");
    expect((await push(second)).res.status).toBe(200);
  });

  it("keeps tokens of different apps apart", async () => {
    const a = await token();
    await token(`Basic ${Buffer.from("other-app:secret").toString("base64")}`);
    expect((await push(a)).res.status).toBe(200);
  });

  it("expires tokens after their lifetime", async () => {
    await h.control("/settings", { darajaTokenTtlSeconds: 1 });
    const res = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { authorization: BASIC },
    });
    const body = (await res.json()) as { access_token: string; expires_in: number };
    expect(body.expires_in).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await push(body.access_token)).json.errorCode).toBe("404.001.03");
  });

  it("answers 404.001.03 for a missing or made-up bearer token", async () => {
    for (const auth of ["", "Bearer made-up-token"]) {
      const res = await fetch(`${h.sim}/daraja/mpesa/stkpush/v1/processrequest`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(auth && { authorization: auth }) },
        body: JSON.stringify(stkBody()),
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ errorCode: "404.001.03" });
    }
  });
});

describe("STK push", () => {
  it("accepts a valid push with the documented reply", async () => {
    const { res, json } = await push(await token());
    expect(res.status).toBe(200);
    expect(Object.keys(json).sort()).toEqual([
      "CheckoutRequestID",
      "CustomerMessage",
      "MerchantRequestID",
      "ResponseCode",
      "ResponseDescription",
    ]);
    expect(json.ResponseCode).toBe("0");
    expect(json.ResponseDescription).toBe("Success. Request accepted for processing");
    expect(json.CustomerMessage).toBe("Success. Request accepted for processing");
    expect(json.CheckoutRequestID).toMatch(/^ws_CO_\d{20,}$/);
    expect(typeof json.MerchantRequestID).toBe("string");
  });

  it("puts a prompt on the phone with the amount in shillings and the phone as sent", async () => {
    await push(await token(), { PhoneNumber: "254112345678", PartyA: "254112345678", Amount: "250" });
    const prompts = await (await h.control("/prompts")).json();
    expect(prompts).toEqual([
      {
        id: expect.any(String),
        gateway: "daraja",
        phone: "254112345678",
        amount: 250,
        currency: "KES",
        reference: "LNG-7QK2M9",
        // When the phone stops taking an answer: the app counts down to this moment.
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
  });

  it.each([
    ["BusinessShortCode", { BusinessShortCode: "17A379" }],
    ["Password", { Password: "" }],
    ["Timestamp", { Timestamp: "2024071009" }],
    ["Timestamp", { Timestamp: "20241310091526" }],
    ["TransactionType", { TransactionType: "CustomerPayBill" }],
    ["Amount", { Amount: 0 }],
    ["Amount", { Amount: 10.5 }],
    ["Amount", { Amount: 250_001 }],
    ["Amount", { Amount: "ten" }],
    ["PartyA", { PartyA: "0708374149" }],
    ["PartyB", { PartyB: "" }],
    ["PhoneNumber", { PhoneNumber: "25470837414" }],
    ["PhoneNumber", { PhoneNumber: "255708374149" }],
    ["CallBackURL", { CallBackURL: "not a url" }],
    ["CallBackURL", { CallBackURL: "https://example.com/mpesa/callback" }],
    ["CallBackURL", { CallBackURL: "https://example.com/cb " }],
    ["AccountReference", { AccountReference: "ABCDEFGHIJKLM" }],
    ["AccountReference", { AccountReference: "" }],
    ["TransactionDesc", { TransactionDesc: "A".repeat(183) }],
  ])("rejects an invalid %s with 400.002.02", async (field, overrides) => {
    const { res, json } = await push(await token(), overrides);
    expect(res.status).toBe(400);
    expect(json).toMatchObject({ errorCode: "400.002.02", errorMessage: `Bad Request - Invalid ${field}` });
    expect(typeof json.requestId).toBe("string");
  });

  it("reports a body sent with the wrong Content-Type as an invalid BusinessShortCode", async () => {
    const res = await post("/mpesa/stkpush/v1/processrequest", JSON.stringify(stkBody()), await token(), "text/plain");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errorCode: "400.002.02",
      errorMessage: "Bad Request - Invalid BusinessShortCode",
    });
  });

  it("answers a wrong password or an unknown shortcode with 500.001.1001", async () => {
    const t = await token();
    const wrong = await push(t, { Password: password("20240710091526", SHORTCODE, "not-the-passkey") });
    expect(wrong.res.status).toBe(500);
    expect(wrong.json).toMatchObject({ errorCode: "500.001.1001", errorMessage: "Wrong credentials" });

    const ts = "20240710091526";
    const unknown = await push(t, { BusinessShortCode: "600000", PartyB: "600000", Password: password(ts, "600000") });
    expect(unknown.res.status).toBe(500);
    expect(unknown.json).toMatchObject({ errorCode: "500.001.1001", errorMessage: "Merchant does not exist" });
  });

  it("refuses a second push to a subscriber with a prompt pending, then accepts after the outcome", async () => {
    const t = await token();
    expect((await push(t)).res.status).toBe(200);
    const second = await push(t, { Amount: 10 });
    expect(second.res.status).toBe(500);
    expect(second.json).toMatchObject({
      errorCode: "500.001.1001",
      errorMessage: "Unable to lock subscriber, a transaction is already in process for the current subscriber",
    });
    expect((await push(t, { PhoneNumber: "254712345678", PartyA: "254712345678" })).res.status).toBe(200);

    const prompts = (await (await h.control("/prompts")).json()) as { id: string; phone: string }[];
    await h.control(`/prompts/${prompts.find((p) => p.phone === "254708374149")!.id}`, { outcome: "decline" });
    expect((await push(t)).res.status).toBe(200);
  });
});

describe("STK outcome: query and callback", () => {
  it("answers the query with 500.001.1001 while pending, then a string ResultCode", async () => {
    const t = await token();
    const { json: pushed } = await push(t);
    const id = pushed.CheckoutRequestID as string;

    const pending = await query(t, id);
    expect(pending.res.status).toBe(500);
    expect(pending.json).toEqual({
      requestId: id,
      errorCode: "500.001.1001",
      errorMessage: "The transaction is being processed",
    });

    await answerOnlyPrompt("approve");
    const done = await query(t, id);
    expect(done.res.status).toBe(200);
    expect(done.json).toEqual({
      ResponseCode: "0",
      ResponseDescription: "The service request has been accepted successfully",
      MerchantRequestID: pushed.MerchantRequestID,
      CheckoutRequestID: id,
      ResultCode: "0",
      ResultDesc: "The service request is processed successfully.",
    });
  });

  it("answers a query for an unknown CheckoutRequestID with 400.002.02", async () => {
    const { res, json } = await query(await token(), "ws_CO_000000000000000000000");
    expect(res.status).toBe(400);
    expect(json.errorMessage).toBe("Bad Request - Invalid CheckoutRequestID");
  });

  it("posts the success callback with numbers where Daraja uses numbers and Balance without Value", async () => {
    const t = await token();
    const { json: pushed } = await push(t);
    await answerOnlyPrompt("approve");
    const { raw, json } = await stkCallback();
    const cb = json.Body.stkCallback;
    expect(raw).toContain('"ResultCode":0');
    expect(cb).toMatchObject({
      MerchantRequestID: pushed.MerchantRequestID,
      CheckoutRequestID: pushed.CheckoutRequestID,
      ResultCode: 0,
      ResultDesc: "The service request is processed successfully.",
    });
    const items = (cb.CallbackMetadata as { Item: { Name: string; Value?: unknown }[] }).Item;
    const byName = Object.fromEntries(items.map((i) => [i.Name, i]));
    expect(items.map((i) => i.Name)).toEqual([
      "Amount",
      "MpesaReceiptNumber",
      "Balance",
      "TransactionDate",
      "PhoneNumber",
    ]);
    expect(byName.Amount.Value).toBe(5000);
    expect(byName.MpesaReceiptNumber.Value).toMatch(/^[A-Z][A-Z0-9]{9}$/);
    expect("Value" in byName.Balance).toBe(false);
    expect(typeof byName.TransactionDate.Value).toBe("number");
    expect(String(byName.TransactionDate.Value)).toMatch(/^20\d{12}$/);
    expect(byName.PhoneNumber.Value).toBe(254708374149);

    const receipts = (await (await h.control("/receipts")).json()) as {
      receipt: string;
      kind: string;
      amount: number;
    }[];
    expect(receipts).toMatchObject([{ receipt: byName.MpesaReceiptNumber.Value, kind: "stk", amount: 5000 }]);
  });

  it.each([
    ["decline", 1032, "Request cancelled by user"],
    ["insufficient_funds", 1, "The balance is insufficient for the transaction."],
    ["wrong_pin", 2001, "The initiator information is invalid."],
    ["timeout", 1037, "DS timeout user cannot be reached"],
  ])("posts a failure callback for %s: ResultCode %i, no CallbackMetadata", async (outcome, code, desc) => {
    const t = await token();
    const { json: pushed } = await push(t);
    await answerOnlyPrompt(outcome);
    const { raw, json } = await stkCallback();
    expect(raw).toContain(`"ResultCode":${code}`);
    expect(json).toEqual({
      Body: {
        stkCallback: {
          MerchantRequestID: pushed.MerchantRequestID,
          CheckoutRequestID: pushed.CheckoutRequestID,
          ResultCode: code,
          ResultDesc: desc,
        },
      },
    });
    const q = await query(t, pushed.CheckoutRequestID as string);
    expect(q.json).toMatchObject({ ResponseCode: "0", ResultCode: String(code), ResultDesc: desc });
  });

  it("expires an unanswered prompt with 1019", async () => {
    await h.control("/settings", { promptTimeoutMs: 150 });
    const t = await token();
    await push(t);
    const { json } = await stkCallback();
    expect(json.Body.stkCallback).toMatchObject({ ResultCode: 1019, ResultDesc: "Transaction has expired" });
    expect(await (await h.control("/prompts")).json()).toEqual([]);
    // The subscriber is free again.
    expect((await push(t)).res.status).toBe(200);
  });
});

describe("refunds: B2C and reversal", () => {
  const b2cBody = (overrides: Record<string, unknown> = {}) => ({
    OriginatorConversationID: "refund-0001",
    InitiatorName: "testapi",
    SecurityCredential: "c2VjcmV0LWVuY3J5cHRlZC1ieS1zYWZhcmljb20=",
    CommandID: "BusinessPayment",
    Amount: 1200,
    PartyA: 600997,
    PartyB: 254708374149,
    Remarks: "Refund LNG-7QK2M9",
    QueueTimeOutURL: `${h.app.url}/api/callbacks/daraja/timeout`,
    ResultURL: `${h.app.url}/api/callbacks/daraja/b2c-result`,
    Occassion: "",
    ...overrides,
  });

  it("acknowledges B2C and posts a Result with ResultParameters", async () => {
    const t = await token();
    const res = await post("/mpesa/b2c/v3/paymentrequest", b2cBody(), t);
    expect(res.status).toBe(200);
    const ack = (await res.json()) as Record<string, unknown>;
    expect(ack).toMatchObject({
      OriginatorConversationID: "refund-0001",
      ResponseCode: "0",
      ResponseDescription: "Accept the service request successfully.",
    });
    expect(ack.ConversationID).toMatch(/^AG_\d{8}_/);

    const [cb] = await h.app.waitFor((r) => r.length > 0);
    expect(cb.path).toBe("/api/callbacks/daraja/b2c-result");
    const result = (JSON.parse(cb.body) as { Result: Record<string, unknown> }).Result;
    expect(result).toMatchObject({
      ResultType: 0,
      ResultCode: 0,
      OriginatorConversationID: "refund-0001",
      ConversationID: ack.ConversationID,
    });
    const params = Object.fromEntries(
      (result.ResultParameters as { ResultParameter: { Key: string; Value: unknown }[] }).ResultParameter.map((p) => [
        p.Key,
        p.Value,
      ]),
    );
    expect(params.TransactionAmount).toBe(1200);
    expect(params.TransactionReceipt).toBe(result.TransactionID);
    expect(params.ReceiverPartyPublicName).toMatch(/^254708374149 - /);
    expect(params.TransactionCompletedDateTime).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(params.B2CRecipientIsRegisteredCustomer).toBe("Y");
  });

  it("refuses a duplicate OriginatorConversationID and invalid fields", async () => {
    const t = await token();
    expect((await post("/mpesa/b2c/v3/paymentrequest", b2cBody(), t)).status).toBe(200);
    const dup = await post("/mpesa/b2c/v3/paymentrequest", b2cBody(), t);
    expect(dup.status).toBe(500);
    expect(await dup.json()).toMatchObject({
      errorCode: "500.002.1001",
      errorMessage: "Duplicate OriginatorConversationID.",
    });

    const bad = await post(
      "/mpesa/b2c/v3/paymentrequest",
      b2cBody({ OriginatorConversationID: "x2", Remarks: "x" }),
      t,
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: "400.002.02", errorMessage: "Bad Request - Invalid Remarks" });
  });

  it("reverses an issued receipt once: 0, then R000001; an unknown receipt is R000002", async () => {
    const t = await token();
    await push(t);
    await answerOnlyPrompt("approve");
    const { json } = await stkCallback();
    const receipt = (json.Body.stkCallback.CallbackMetadata as { Item: { Name: string; Value?: unknown }[] }).Item.find(
      (i) => i.Name === "MpesaReceiptNumber",
    )!.Value as string;
    h.app.clear();

    const reverse = (transactionId: string) =>
      post(
        "/mpesa/reversal/v1/request",
        {
          Initiator: "testapi",
          SecurityCredential: "c2VjcmV0",
          CommandID: "TransactionReversal",
          TransactionID: transactionId,
          Amount: 5000,
          ReceiverParty: 174379,
          RecieverIdentifierType: "11",
          ResultURL: `${h.app.url}/api/callbacks/daraja/reversal-result`,
          QueueTimeOutURL: `${h.app.url}/api/callbacks/daraja/timeout`,
          Remarks: "Refund",
          Occasion: "",
        },
        t,
      );

    for (const [id, expected] of [
      [receipt, 0],
      [receipt, "R000001"],
      ["NOTAREAL01", "R000002"],
    ] as const) {
      h.app.clear();
      const ack = await reverse(id);
      expect(ack.status).toBe(200);
      expect(await ack.json()).toMatchObject({ ResponseCode: "0" });
      const [cb] = await h.app.waitFor((r) => r.length > 0);
      expect(cb.path).toBe("/api/callbacks/daraja/reversal-result");
      const result = (JSON.parse(cb.body) as { Result: Record<string, unknown> }).Result;
      expect(result.ResultCode).toBe(expected);
      if (expected === 0) {
        const params = (result.ResultParameters as { ResultParameter: { Key: string; Value: unknown }[] })
          .ResultParameter;
        expect(params.find((p) => p.Key === "OriginalTransactionID")?.Value).toBe(receipt);
        expect(params.find((p) => p.Key === "Amount")?.Value).toBe(5000);
      } else {
        expect(result.ResultParameters).toBeUndefined();
      }
    }
    const receipts = (await (await h.control("/receipts")).json()) as { receipt: string; reversed: boolean }[];
    expect(receipts.find((r) => r.receipt === receipt)?.reversed).toBe(true);
  });
});

describe("pentest 12.10: Daraja sends only to the app's origin or this machine", () => {
  // Hosts a caller could name to make the server post elsewhere: the Internet, cloud metadata, the LAN,
  // and names that merely look local (a DNS name is never resolved and then trusted).
  const FOREIGN = [
    "https://example.com/lango/callback",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.7:3000/api/callbacks/daraja/stk",
    "http://localhost.example.com/cb",
    "http://127.0.0.1.nip.io/cb",
    "ftp://127.0.0.1/cb",
  ];
  const darajaRefusal = (field: string) => ({
    errorCode: "400.002.02",
    errorMessage: `Bad Request - Invalid ${field}`,
    requestId: expect.any(String),
  });
  const sentNotifications = async () => (await (await h.control("/notifications?gateway=daraja")).json()) as unknown[];

  it.each(FOREIGN)(
    "refuses the STK CallBackURL %s with 400.002.02 at request time: no prompt, nothing sent",
    async (url) => {
      const { res, json } = await push(await token(), { CallBackURL: url });
      expect(res.status).toBe(400);
      expect(json).toEqual(darajaRefusal("CallBackURL"));
      expect(await (await h.control("/prompts")).json()).toEqual([]);
      expect(await sentNotifications()).toEqual([]);
    },
  );

  it("refuses ResultURL, QueueTimeOutURL, ConfirmationURL and ValidationURL on another host", async () => {
    const t = await token();
    const local = `${h.app.url}/api/callbacks/daraja/result`;
    const b2c = {
      OriginatorConversationID: "ssrf-1",
      InitiatorName: "testapi",
      SecurityCredential: "c2VjcmV0",
      CommandID: "BusinessPayment",
      Amount: 10,
      PartyA: 600997,
      PartyB: 254708374149,
      Remarks: "Refund",
      QueueTimeOutURL: local,
      ResultURL: local,
    };
    const reversal = {
      Initiator: "testapi",
      SecurityCredential: "c2VjcmV0",
      CommandID: "TransactionReversal",
      TransactionID: "NLJ7RT61SV",
      Amount: 10,
      ReceiverParty: 174379,
      RecieverIdentifierType: "11",
      Remarks: "Refund",
      QueueTimeOutURL: local,
      ResultURL: local,
    };
    const status = {
      Initiator: "testapi",
      SecurityCredential: "c2VjcmV0",
      CommandID: "TransactionStatusQuery",
      TransactionID: "NLJ7RT61SV",
      PartyA: 174379,
      IdentifierType: "4",
      Remarks: "Status",
      QueueTimeOutURL: local,
      ResultURL: local,
    };
    const register = { ShortCode: "600984", ResponseType: "Completed", ConfirmationURL: local, ValidationURL: local };
    const cases: [string, Record<string, unknown>, string][] = [
      ["/mpesa/b2c/v3/paymentrequest", b2c, "ResultURL"],
      ["/mpesa/b2c/v3/paymentrequest", b2c, "QueueTimeOutURL"],
      ["/mpesa/reversal/v1/request", reversal, "ResultURL"],
      ["/mpesa/reversal/v1/request", reversal, "QueueTimeOutURL"],
      ["/mpesa/transactionstatus/v1/query", status, "ResultURL"],
      ["/mpesa/transactionstatus/v1/query", status, "QueueTimeOutURL"],
      ["/mpesa/c2b/v2/registerurl", register, "ConfirmationURL"],
      ["/mpesa/c2b/v2/registerurl", register, "ValidationURL"],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, { ...body, [field]: "https://example.com/lango/result" }, t);
      expect(res.status, `${path} ${field}`).toBe(400);
      expect(await res.json()).toEqual(darajaRefusal(field));
    }
    await new Promise((r) => setTimeout(r, 300)); // results are posted ~150 ms after the acknowledgement
    expect(await sentNotifications()).toEqual([]);
  });

  it.each(["127.0.0.1", "localhost", "[::1]", "127.0.0.2"])("still calls back a loopback host (%s)", async (host) => {
    const port = new URL(h.app.url).port;
    expect(
      (await push(await token(), { CallBackURL: `http://${host}:${port}/api/callbacks/daraja/stk?t=secret` })).res
        .status,
    ).toBe(200);
    const [notification] = (await sentNotifications()) as { url: string }[];
    expect(notification).toBeUndefined(); // nothing until the payer answers
    await answerOnlyPrompt("decline");
    const sent = (await sentNotifications()) as { url: string }[];
    expect(sent.map((n) => new URL(n.url).hostname)).toEqual([host]);
    if (host === "127.0.0.1") await stkCallback();
  });

  it("still calls back the app's own origin (APP_URL), even when it is not loopback", async () => {
    const { serveHandler } = await import("./testing/http-server");
    const { handleSimulatorRequest } = await import("./router");
    const appUrl = "https://tickets.lango.example";
    const server = await serveHandler((req) => handleSimulatorRequest(req, { appUrl }));
    try {
      const tok = await (
        await fetch(`${server.url}/sim/daraja/oauth/v1/generate?grant_type=client_credentials`, {
          headers: { authorization: BASIC },
        })
      ).json();
      const res = await fetch(`${server.url}/sim/daraja/mpesa/stkpush/v1/processrequest`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${(tok as { access_token: string }).access_token}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(stkBody({ CallBackURL: `${appUrl}/api/callbacks/daraja/stk?t=secret` })),
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("pentest 12.14: STK push takes the TransactionDesc Safaricom takes", () => {
  it("accepts the 20-character default of the popular npm clients and puts the prompt on the phone", async () => {
    const { res, json } = await push(await token(), { TransactionDesc: "Lipa na mpesa online" });
    expect(res.status).toBe(200);
    expect(json).toMatchObject({ ResponseCode: "0" });
    expect(await (await h.control("/prompts")).json()).toHaveLength(1);
  });

  it("still refuses an AccountReference over the documented 12 characters", async () => {
    const { res, json } = await push(await token(), { AccountReference: "LNG-7QK2M9-XY" });
    expect(res.status).toBe(400);
    expect(json).toMatchObject({ errorCode: "400.002.02", errorMessage: "Bad Request - Invalid AccountReference" });
  });
});
