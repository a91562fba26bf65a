import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEV_SECRET } from "../auth/secret";
import { SIMULATOR_CALLBACK_TOKEN } from "../payments/gateways/daraja/config";
import { FLUTTERWAVE_SIMULATOR } from "../payments/gateways/flutterwave/config";
import { generateRawKeyPair } from "../tickets/keys";
import { adminPasswordProblems, liveConfigProblems, liveConfigWarnings, secretProblems } from "./live-readiness";

const STRONG = {
  PAYMENTS_MODE: "live",
  AUTH_SECRET: "0f8c1d6e4b2a97f35c0e8d1b6a4f27c9e3d5b8a1",
  ADMIN_EMAIL: "boss@example.com",
  ADMIN_PASSWORD: "Kilimanjaro-sunrise-47",
  FLUTTERWAVE_SECRET_HASH: "q8Vt2mXr9LcW4nZp7HsK3bYd",
};

describe("pentest 12.9: live mode refuses weak secrets", () => {
  it("refuses the configuration the pentest started with, one line per problem, never echoing a value", () => {
    const problems = liveConfigProblems({
      ...STRONG,
      AUTH_SECRET: "aaaaaaaaaaaaaaaa",
      ADMIN_PASSWORD: "password",
      FLUTTERWAVE_SECRET_HASH: "a",
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^AUTH_SECRET is 16 characters long: use at least 32 random characters/);
    expect(problems[1]).toMatch(/^ADMIN_PASSWORD is 8 characters long/);
    expect(problems[2]).toMatch(/^FLUTTERWAVE_SECRET_HASH is 1 character long: use at least 24/);
    for (const line of problems) {
      expect(line).not.toContain("\n");
      expect(line).not.toMatch(/aaaa|"password"|: a\b/);
    }
  });

  it("refuses live mode without AUTH_SECRET, and starts with a strong configuration", () => {
    expect(liveConfigProblems({ ...STRONG, AUTH_SECRET: undefined })).toEqual([
      expect.stringMatching(/^AUTH_SECRET is not set/),
    ]);
    expect(liveConfigProblems(STRONG)).toEqual([]);
  });

  it("leaves simulator mode alone", () => {
    expect(
      liveConfigProblems({ PAYMENTS_MODE: "simulator", AUTH_SECRET: "aaaaaaaaaaaaaaaa", FLUTTERWAVE_SECRET_HASH: "a" }),
    ).toEqual([]);
    expect(liveConfigProblems({})).toEqual([]);
  });

  it("refuses long secrets that are trivially predictable", () => {
    for (const weak of [
      "a".repeat(40),
      "ab".repeat(20),
      "secretsecretsecretsecretsecretsecret",
      "abcdefghijklmnopqrstuvwxyz0123456789",
      "9876543210zyxwvutsrqponmlkjihgfedcba",
      "qwertyuiopasdfghjklzxcvbnm1234567890",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaabcdefgh",
    ]) {
      expect(secretProblems("AUTH_SECRET", weak, 32), weak).toHaveLength(1);
    }
  });

  it("refuses the development and simulator secrets printed in the source, which anyone can read", () => {
    const problems = liveConfigProblems({
      ...STRONG,
      AUTH_SECRET: DEV_SECRET,
      DARAJA_CALLBACK_TOKEN: SIMULATOR_CALLBACK_TOKEN,
      FLUTTERWAVE_SECRET_HASH: FLUTTERWAVE_SIMULATOR.secretHash,
    });
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_SECRET is a value published in Lango's source: use at least 32 random/),
      expect.stringMatching(/^FLUTTERWAVE_SECRET_HASH is a value published in Lango's source/),
      expect.stringMatching(/^DARAJA_CALLBACK_TOKEN is a value published in Lango's source/),
    ]);
    for (const line of problems) expect(line).not.toContain(SIMULATOR_CALLBACK_TOKEN);
  });

  it("accepts random secrets and tokens (no false alarms on 500 draws)", () => {
    for (let i = 0; i < 500; i++) {
      expect(secretProblems("AUTH_SECRET", randomBytes(16).toString("hex"), 32)).toEqual([]);
      expect(secretProblems("AUTH_SECRET", randomBytes(32).toString("base64"), 32)).toEqual([]);
      expect(secretProblems("FLUTTERWAVE_SECRET_HASH", randomBytes(12).toString("hex"), 24)).toEqual([]);
      expect(secretProblems("CRON_SECRET", randomBytes(18).toString("base64url"), 24)).toEqual([]);
    }
  });

  it("refuses webhook hashes, callback tokens and the cron token under 24 characters", () => {
    const problems = liveConfigProblems({
      ...STRONG,
      FLUTTERWAVE_SECRET_HASH: "x7Kp2Q9m",
      DARAJA_CALLBACK_TOKEN: "short-token",
      CRON_SECRET: "c".repeat(30),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^FLUTTERWAVE_SECRET_HASH is 8 characters long/),
      expect.stringMatching(/^DARAJA_CALLBACK_TOKEN is 11 characters long/),
      expect.stringMatching(/^CRON_SECRET uses only 1 different character/),
    ]);
  });

  it("refuses admin passwords that are short, common, or made of the product's or the admin's name", () => {
    for (const weak of [
      "password",
      "Password123456",
      "P@ssw0rd2024!",
      "iloveyou1234",
      "qwertyuiop123",
      "Summer2026!!",
      "123456789012",
      "aaaaaaaaaaaa",
      "abcdefghijkl",
      "blahblahblah",
      "lango-demo-admin",
      "MyLangoTickets!",
      "boss-of-the-event",
    ]) {
      expect(adminPasswordProblems(weak, "boss@example.com"), weak).toHaveLength(1);
    }
    for (const fine of ["Kilimanjaro-sunrise-47", "correct horse battery staple", "tr4in-Gl4ss-mango"]) {
      expect(adminPasswordProblems(fine, "boss@example.com"), fine).toEqual([]);
    }
  });

  it("refuses a demo ADMIN_EMAIL, and ADMIN_EMAIL without ADMIN_PASSWORD", () => {
    expect(liveConfigProblems({ ...STRONG, ADMIN_EMAIL: "admin@lango.test" })).toEqual([
      expect.stringMatching(/^ADMIN_EMAIL is a demo address/),
    ]);
    expect(liveConfigProblems({ ...STRONG, ADMIN_PASSWORD: undefined })).toEqual([
      expect.stringMatching(/^ADMIN_EMAIL and ADMIN_PASSWORD go together/),
    ]);
  });

  it("refuses a hand-made or unreadable TICKET_SIGNING_KEY and accepts a generated one", () => {
    expect(liveConfigProblems({ ...STRONG, TICKET_SIGNING_KEY: Buffer.alloc(32).toString("base64") })).toEqual([
      expect.stringMatching(/^TICKET_SIGNING_KEY is not random/),
    ]);
    expect(
      liveConfigProblems({ ...STRONG, TICKET_SIGNING_KEY: Buffer.from([...Array(32).keys()]).toString("base64") }),
    ).toHaveLength(1);
    expect(liveConfigProblems({ ...STRONG, TICKET_SIGNING_KEY: "not a key" })).toEqual([
      expect.stringMatching(/^TICKET_SIGNING_KEY is not a readable/),
    ]);
    expect(liveConfigProblems({ ...STRONG, TICKET_SIGNING_KEY: generateRawKeyPair().privateKey })).toEqual([]);
  });
});

describe("live mode says what it cannot enforce", () => {
  it("warns, without refusing to start, when TRUST_PROXY is unset: per-client limits cannot tell clients apart", () => {
    expect(liveConfigWarnings(STRONG)).toEqual([
      expect.stringMatching(/^TRUST_PROXY is not set: clients cannot be told apart/),
    ]);
    expect(liveConfigProblems(STRONG)).toEqual([]);
    expect(liveConfigWarnings({ ...STRONG, TRUST_PROXY: "true" })).toEqual([]);
    expect(liveConfigWarnings({ PAYMENTS_MODE: "simulator" })).toEqual([]);
  });
});
