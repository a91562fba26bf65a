import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mailerFromEnv } from "./send";

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
      received.push({ path: req.url ?? "", auth: req.headers.authorization, idem: req.headers["idempotency-key"] as string, body: JSON.parse(raw || "{}") });
      res.writeHead(answer, { "content-type": "application/json" });
      res.end(JSON.stringify(answer === 200 ? { id: "re_123" } : { statusCode: answer, name: "internal_server_error", message: "try later" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  delete process.env.RESEND_BASE_URL;
  server.close();
});

it("sends through Resend with the API key, the message and its idempotency key", async () => {
  const mailer = mailerFromEnv({ RESEND_API_KEY: "re_test_key" });
  expect(mailer.name).toBe("resend");
  const r = await mailer.send({ from: "Lango <t@lango.test>", to: "a@example.com", subject: "Hi", html: "<p>Hi</p>", text: "Hi", idempotencyKey: "order-confirmation:o1" });
  expect(r.id).toBe("re_123");
  expect(received.at(-1)).toMatchObject({ path: "/emails", auth: "Bearer re_test_key", idem: "order-confirmation:o1", body: { to: "a@example.com", subject: "Hi", html: "<p>Hi</p>", text: "Hi" } });
});

it("turns a Resend error into a failure (retried by the sender)", async () => {
  answer = 500;
  const mailer = mailerFromEnv({ RESEND_API_KEY: "re_test_key" });
  await expect(mailer.send({ from: "x@lango.test", to: "a@example.com", subject: "Hi", html: "", text: "Hi", idempotencyKey: "k" })).rejects.toThrow(/Resend refused/);
});

it("keeps messages in the outbox without a key", () => {
  expect(mailerFromEnv({}).name).toBe("outbox");
});
