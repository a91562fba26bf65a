import { describe, expect, it } from "vitest";
import { GatewayError } from "../../types";
import { DARAJA_SANDBOX } from "./config";
import {
  accountReference,
  buildB2c,
  buildReversal,
  buildStkPush,
  buildStkQuery,
  callbackUrl,
  codeSchema,
  errorEnvelopeSchema,
  nairobiTimestamp,
  requestAcceptedSchema,
  stkPassword,
  stkPushResponseSchema,
  stkQueryResponseSchema,
  toMsisdn,
  toWholeShillings,
  tokenResponseSchema,
  transactionDesc,
} from "./transform";

const DOC_PASSWORD =
  "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4";

describe("STK Password and Timestamp", () => {
  it("reproduces the documented Password for timestamp 20210628092408", () => {
    expect(stkPassword(DARAJA_SANDBOX.shortcode, DARAJA_SANDBOX.passkey, "20210628092408")).toBe(DOC_PASSWORD);
  });

  it("writes the timestamp in Africa/Nairobi (UTC+3) whatever the machine's zone", () => {
    expect(nairobiTimestamp(new Date("2021-06-28T06:24:08Z"))).toBe("20210628092408");
    // Crossing midnight in Nairobi while it is still the previous day in UTC.
    expect(nairobiTimestamp(new Date("2024-12-31T21:00:00Z"))).toBe("20250101000000");
  });

  it("builds the push and the query with the same Timestamp as the Password", () => {
    const now = new Date("2021-06-28T06:24:08Z");
    const config = {
      shortcode: "174379",
      passkey: DARAJA_SANDBOX.passkey,
      transactionType: "CustomerPayBillOnline",
      partyB: "174379",
    } as const;
    const push = buildStkPush(
      config,
      {
        orderReference: "LNG-2024-ABCDEFGH",
        description: "2 tickets, Nairobi Tech Summit",
        callbackUrl: "https://lango.example/api/callbacks/daraja/stk?token=x",
      },
      "254708374149",
      1500,
      now,
    );
    expect(push).toEqual({
      BusinessShortCode: "174379",
      Password: DOC_PASSWORD,
      Timestamp: "20210628092408",
      TransactionType: "CustomerPayBillOnline",
      Amount: 1500,
      PartyA: "254708374149",
      PartyB: "174379",
      PhoneNumber: "254708374149",
      CallBackURL: "https://lango.example/api/callbacks/daraja/stk?token=x",
      AccountReference: "LNG-2024-ABC",
      TransactionDesc: "2 tickets, Na",
    });
    expect(buildStkQuery(config, "ws_CO_1", now)).toEqual({
      BusinessShortCode: "174379",
      Password: DOC_PASSWORD,
      Timestamp: "20210628092408",
      CheckoutRequestID: "ws_CO_1",
    });
  });
});

describe("field rules", () => {
  it("turns E.164 Kenyan mobiles into 254… and refuses anything else", () => {
    expect(toMsisdn("+254708374149")).toBe("254708374149");
    expect(toMsisdn("+254110123456")).toBe("254110123456");
    expect(toMsisdn("+255712345678")).toBeNull();
    expect(toMsisdn("+25470837414")).toBeNull();
    expect(toMsisdn(undefined)).toBeNull();
  });

  it("turns minor units into whole shillings, never rounding cents away, and refuses other currencies", () => {
    expect(toWholeShillings({ amountMinor: 150_000, currency: "KES" })).toBe(1500);
    expect(toWholeShillings({ amountMinor: 212_400, currency: "KES" })).toBe(2124);
    // KES 2,124.15 is not KES 2,125: the amount asked must be the amount due.
    expect(toWholeShillings({ amountMinor: 212_415, currency: "KES" })).toBeNull();
    expect(toWholeShillings({ amountMinor: 150_001, currency: "KES" })).toBeNull();
    expect(toWholeShillings({ amountMinor: 50, currency: "KES" })).toBeNull();
    expect(() => toWholeShillings({ amountMinor: 100, currency: "TZS" })).toThrow(GatewayError);
  });

  it("keeps AccountReference within 12 and TransactionDesc within 13 characters", () => {
    expect(accountReference("LNG-ABC123")).toBe("LNG-ABC123");
    expect(accountReference("LNG-2024-ABCDEFGH")).toHaveLength(12);
    expect(transactionDesc("  Booth   A12 at the Expo ")).toBe("Booth A12 at ");
    expect(transactionDesc("")).toBe("Payment");
  });

  it("builds callback URLs with the token in the query and refuses words Safaricom blocks", () => {
    expect(callbackUrl("https://lango.example/", "stk", "tok_ABC")).toBe(
      "https://lango.example/api/callbacks/daraja/stk?token=tok_ABC",
    );
    expect(() => callbackUrl("https://mpesa-shop.example", "stk", "t")).toThrow(/mpesa/);
    expect(() => callbackUrl("https://x.example/sql", "stk", "t")).toThrow(GatewayError);
    expect(() => callbackUrl("https://x.example", "stk", "QUERY1")).toThrow(/query/);
  });
});

describe("refund request bodies", () => {
  const config = {
    appUrl: "https://lango.example",
    callbackToken: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    shortcode: "174379",
    initiatorName: "testapi",
    securityCredential: "cred==",
  };

  it("reverses with Safaricom's field spellings", () => {
    expect(buildReversal(config, "NLJ7RT61SV", 1500, "Event cancelled")).toEqual({
      Initiator: "testapi",
      SecurityCredential: "cred==",
      CommandID: "TransactionReversal",
      TransactionID: "NLJ7RT61SV",
      Amount: 1500,
      ReceiverParty: "174379",
      RecieverIdentifierType: "11",
      ResultURL: "https://lango.example/api/callbacks/daraja/reversal-result?token=0a1b2c3d4e5f60718293a4b5c6d7e8f9",
      QueueTimeOutURL: "https://lango.example/api/callbacks/daraja/timeout?token=0a1b2c3d4e5f60718293a4b5c6d7e8f9",
      Remarks: "Event cancelled",
    });
  });

  it("sends B2C with our refund id as OriginatorConversationID", () => {
    const body = buildB2c({ ...config, b2cShortcode: "600997" }, "rf_1", "254708374149", 500, "x");
    expect(body).toMatchObject({
      OriginatorConversationID: "rf_1",
      InitiatorName: "testapi",
      CommandID: "BusinessPayment",
      Amount: 500,
      PartyA: "600997",
      PartyB: "254708374149",
      Remarks: "Refund", // "x" is shorter than the 2-character minimum
      ResultURL: expect.stringMatching(/\/api\/callbacks\/daraja\/b2c-result\?token=/),
      Occassion: "Refund",
    });
  });
});

describe("what Safaricom would refuse or misread, caught at our end", () => {
  it("takes only a whole Kenyan mobile number, nothing before or after it", () => {
    expect(toMsisdn("254708374149")).toBe("254708374149");
    for (const phone of [
      "+2547083741490",
      "+1254708374149",
      "+254208374149",
      "+254 708374149",
      "254+708374149",
      "",
      "+",
    ])
      expect(toMsisdn(phone), phone).toBeNull();
  });

  it("refuses negative, fractional and unsafe amounts instead of charging a guess", () => {
    for (const amountMinor of [-1, -100, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])
      expect(() => toWholeShillings({ amountMinor, currency: "KES" }), String(amountMinor)).toThrow(GatewayError);
    expect(() => toWholeShillings({ amountMinor: -1, currency: "KES" })).toThrow(
      expect.objectContaining({ gateway: "daraja", code: "rejected", message: "Invalid amount -1" }),
    );
    expect(() => toWholeShillings({ amountMinor: 100, currency: "UGX" })).toThrow(
      expect.objectContaining({ gateway: "daraja", code: "rejected", message: "M-Pesa takes KES only, not UGX" }),
    );
    expect(toWholeShillings({ amountMinor: 0, currency: "KES" })).toBe(0);
    expect(toWholeShillings({ amountMinor: 99, currency: "KES" })).toBeNull();
  });

  it("keeps only the characters AccountReference allows, and names the merchant when none are left", () => {
    expect(accountReference("LNG 2024/ÄB_C")).toBe("LNG2024BC");
    expect(accountReference("¿¡!")).toBe("LANGO");
    expect(transactionDesc("\t\n ")).toBe("Payment");
  });

  it("refuses a callback URL with whitespace and escapes the token", () => {
    expect(() => callbackUrl("https://lango.example/a b", "stk", "t")).toThrow(
      expect.objectContaining({ gateway: "daraja", code: "rejected", message: "Callback URL contains whitespace" }),
    );
    expect(() => callbackUrl("https://x.example/exec", "stk", "t")).toThrow(
      expect.objectContaining({
        gateway: "daraja",
        code: "rejected",
        message: 'Callback URL contains "exec", which Safaricom refuses',
      }),
    );
    expect(callbackUrl("https://lango.example//", "b2c-result", "a/b c")).toBe(
      "https://lango.example/api/callbacks/daraja/b2c-result?token=a%2Fb%20c",
    );
  });

  it("reads result codes sent as numbers or strings the same way, and the token's lifetime as a number", () => {
    expect(codeSchema.parse(0)).toBe("0");
    expect(codeSchema.parse(" 1032 ")).toBe("1032");
    expect(tokenResponseSchema.parse({ access_token: "tok", expires_in: "3599" })).toEqual({
      access_token: "tok",
      expires_in: 3599,
    });
    for (const expires_in of ["1h", "x3599", "3599x", ""])
      expect(tokenResponseSchema.safeParse({ access_token: "tok", expires_in }).success, expires_in).toBe(false);
    expect(tokenResponseSchema.safeParse({ access_token: "", expires_in: 3599 }).success).toBe(false);
    expect(errorEnvelopeSchema.parse({ errorCode: "404.001.03" })).toEqual({
      errorCode: "404.001.03",
      errorMessage: "",
    });
    expect(errorEnvelopeSchema.safeParse({ errorCode: "" }).success).toBe(false);
  });
});

describe("refund remarks and routes", () => {
  const config = {
    appUrl: "https://lango.example",
    callbackToken: "tok",
    shortcode: "174379",
    initiatorName: "testapi",
    securityCredential: "cred==",
    b2cShortcode: "600997",
  };

  it("sends a B2C refund's timeouts and results to their own callback routes", () => {
    expect(buildB2c(config, "rf_2", "254708374149", 500, "Event cancelled")).toEqual({
      OriginatorConversationID: "rf_2",
      InitiatorName: "testapi",
      SecurityCredential: "cred==",
      CommandID: "BusinessPayment",
      Amount: 500,
      PartyA: "600997",
      PartyB: "254708374149",
      Remarks: "Event cancelled",
      QueueTimeOutURL: "https://lango.example/api/callbacks/daraja/timeout?token=tok",
      ResultURL: "https://lango.example/api/callbacks/daraja/b2c-result?token=tok",
      Occassion: "Refund",
    });
  });

  it("clips Remarks to Safaricom's 100 characters and tidies the whitespace", () => {
    const long = `${"Refund for the cancelled Nairobi Tech Summit, ".repeat(4)}`;
    const remarks = buildReversal(config, "NLJ7RT61SV", 1, long).Remarks;
    expect(remarks).toBe(long.replace(/\s+/g, " ").trim().slice(0, 100));
    expect(remarks).toHaveLength(100);
    expect(buildReversal(config, "R", 1, "  Double\n\npaid ").Remarks).toBe("Double paid");
    expect(buildReversal(config, "R", 1, "ok").Remarks).toBe("ok"); // 2 characters is enough
    expect(buildReversal(config, "R", 1, " k ").Remarks).toBe("Refund");
  });
});

describe("Daraja's replies", () => {
  it("reads the STK push acknowledgement, its code as a string", () => {
    const ack = {
      MerchantRequestID: "29115-34620561-1",
      CheckoutRequestID: "ws_CO_191220191020363925",
      ResponseCode: 0,
      ResponseDescription: "Success. Request accepted for processing",
      CustomerMessage: "Success. Request accepted for processing",
    };
    expect(stkPushResponseSchema.parse(ack)).toEqual({ ...ack, ResponseCode: "0" });
    expect(stkPushResponseSchema.safeParse({ CheckoutRequestID: "ws_CO_1" }).success).toBe(false);
  });

  it("reads an STK query's result code and a B2C or reversal acknowledgement", () => {
    expect(
      stkQueryResponseSchema.parse({ ResponseCode: "0", ResultCode: 1032, ResultDesc: "Request cancelled by user" }),
    ).toEqual({ ResponseCode: "0", ResultCode: "1032", ResultDesc: "Request cancelled by user" });
    expect(stkQueryResponseSchema.safeParse({ ResultCode: { x: 1 } }).success).toBe(false);
    const accepted = {
      ConversationID: "AG_20191219_00005797af5d7d75f652",
      OriginatorConversationID: "rf_1",
      ResponseCode: "0",
      ResponseDescription: "Accept the service request successfully.",
    };
    expect(requestAcceptedSchema.parse(accepted)).toEqual(accepted);
    expect(requestAcceptedSchema.safeParse({ ConversationID: "AG_1" }).success).toBe(false);
  });
});
