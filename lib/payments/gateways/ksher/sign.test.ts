import { describe, expect, it } from "vitest";
import { KSHER_PUBLIC_KEY } from "./config";
import { fixtureText, throwawayPair } from "./keys.testkit";
import { signatureString, signFields, verifyFields } from "./sign";

const recorded = (name: string) => JSON.parse(fixtureText(name)) as { data: Record<string, unknown>; sign: string };

describe("Ksher signature", () => {
  it("sorts the keys, drops sign and glues key=value pairs with no separator", () => {
    expect(
      signatureString({
        time_stamp: "20190622131804",
        appid: "mch35000",
        sign: "x",
        mch_order_no: "A1",
        total_fee: 100,
      }),
    ).toBe("appid=mch35000mch_order_no=A1time_stamp=20190622131804total_fee=100");
    // A number and its digit string sign alike, so replies are verified whichever Ksher sends.
    expect(signatureString({ total_fee: 100 })).toBe(signatureString({ total_fee: "100" }));
  });

  it.each(["gateway-pay-ok.json", "gateway-order-query-notsure.json"])(
    "verifies Ksher's own signature on %s with its published key",
    (name) => {
      const reply = recorded(name);
      expect(verifyFields(reply.data, reply.sign, KSHER_PUBLIC_KEY)).toBe(true);
    },
  );

  it("refuses a changed field, a changed signature or garbage", () => {
    const reply = recorded("gateway-order-query-notsure.json");
    expect(verifyFields({ ...reply.data, result: "SUCCESS" }, reply.sign, KSHER_PUBLIC_KEY)).toBe(false);
    expect(verifyFields({ ...reply.data, total_fee: 101 }, reply.sign, KSHER_PUBLIC_KEY)).toBe(false);
    expect(verifyFields(reply.data, reply.sign.replace(/^7a/, "7b"), KSHER_PUBLIC_KEY)).toBe(false);
    for (const sign of ["", "zz", "abc", undefined, 42])
      expect(verifyFields(reply.data, sign, KSHER_PUBLIC_KEY)).toBe(false);
  });

  it("signs RSA-MD5 in lowercase hex that only the matching public key verifies", () => {
    const mine = throwawayPair();
    const other = throwawayPair();
    const fields = { appid: "mch35000", mch_order_no: "pay_1", nonce_str: "n".repeat(32) };
    const sign = signFields(fields, mine.privateKey);
    expect(sign).toMatch(/^[0-9a-f]{256}$/);
    expect(verifyFields(fields, sign, mine.publicKey)).toBe(true);
    expect(verifyFields(fields, sign, other.publicKey)).toBe(false);
    expect(verifyFields({ ...fields, sign }, sign, mine.publicKey)).toBe(true);
  });
});
