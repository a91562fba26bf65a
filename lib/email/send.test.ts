import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailerFromEnv, senderAddress } from "./send";

// Resend's own SDK against a local server speaking its API (RESEND_BASE_URL): the request is what
// Resend receives, and an error reply becomes a failure the sender retries.
let server: http.Server;
const received: { path: string; auth?: string; idem?: string; body: Record<string, unknown> }[] = [];
let answer = 200;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      if (req.headers["idempotency-key"] === "hang") return; // never answers
      received.push({
        path: req.url ?? "",
        auth: req.headers.authorization,
        idem: req.headers["idempotency-key"] as string,
        body: JSON.parse(raw || "{}"),
      });
      res.writeHead(answer, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          answer === 200
            ? { id: "re_123" }
            : { statusCode: answer, name: "internal_server_error", message: "try later" },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  delete process.env.RESEND_BASE_URL;
  server.closeAllConnections();
  server.close();
});

it("sends through Resend with the API key, the message and its idempotency key", async () => {
  const mailer = mailerFromEnv({ RESEND_API_KEY: "re_test_key" });
  expect(mailer.name).toBe("resend");
  const r = await mailer.send({
    from: "Lango <t@lango.test>",
    to: "a@example.com",
    subject: "Hi",
    html: "<p>Hi</p>",
    text: "Hi",
    idempotencyKey: "order-confirmation:o1",
  });
  expect(r.id).toBe("re_123");
  expect(received.at(-1)).toMatchObject({
    path: "/emails",
    auth: "Bearer re_test_key",
    idem: "order-confirmation:o1",
    body: { to: "a@example.com", subject: "Hi", html: "<p>Hi</p>", text: "Hi" },
  });
});

it("turns a Resend error into a failure (retried by the sender)", async () => {
  answer = 500;
  const mailer = mailerFromEnv({ RESEND_API_KEY: "re_test_key" });
  await expect(
    mailer.send({
      from: "x@lango.test",
      to: "a@example.com",
      subject: "Hi",
      html: "",
      text: "Hi",
      idempotencyKey: "k",
    }),
  ).rejects.toThrow(/Resend refused/);
});

it("keeps messages in the outbox without a key", () => {
  expect(mailerFromEnv({}).name).toBe("outbox");
});

it("gives up on a Resend call that never answers, so one stuck request cannot stall the queue", async () => {
  const mailer = mailerFromEnv({ RESEND_API_KEY: "re_test_key" }, { timeoutMs: 200 });
  const started = Date.now();
  await expect(
    mailer.send({
      from: "x@lango.test",
      to: "a@example.com",
      subject: "Hi",
      html: "",
      text: "Hi",
      idempotencyKey: "hang",
    }),
  ).rejects.toThrow(/Resend refused/);
  expect(Date.now() - started).toBeLessThan(5_000);
});

describe("senderAddress", () => {
  it("uses EMAIL_FROM, plain or with a name", () => {
    expect(senderAddress({ EMAIL_FROM: "tickets@lango.africa" })).toBe("tickets@lango.africa");
    expect(senderAddress({ EMAIL_FROM: " Lango Tickets <tickets@lango.africa> ", RESEND_API_KEY: "re_x" })).toBe(
      "Lango Tickets <tickets@lango.africa>",
    );
  });
  it("needs no address for the outbox, but insists on one with Resend", () => {
    expect(senderAddress({})).toMatch(/@/);
    expect(() => senderAddress({ RESEND_API_KEY: "re_x" })).toThrow(/EMAIL_FROM must be set/);
    expect(() => senderAddress({ RESEND_API_KEY: "re_x", EMAIL_FROM: "  " })).toThrow(/EMAIL_FROM must be set/);
  });
  it("refuses something that is not an address", () => {
    expect(() => senderAddress({ EMAIL_FROM: "Lango" })).toThrow(/not an e-mail address/);
    expect(() => senderAddress({ EMAIL_FROM: "Lango <nope>" })).toThrow(/not an e-mail address/);
  });
});
