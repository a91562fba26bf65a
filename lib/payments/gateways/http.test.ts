import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewayError, type GatewayCallRecord, type GatewayContext } from "../types";
import { gatewayFetch, parseJsonBody } from "./http";

let base = "";
const server = createServer((req, res) => {
  if (req.url === "/slow") return; // never answers
  if (req.url === "/500") return void res.writeHead(500).end("oops secret-value");
  if (req.url === "/big") return void res.writeHead(200).end("x".repeat(20_000));
  res.writeHead(200, { "Content-Type": "application/json" }).end('{"access_token":"tok-123","expires_in":3599,"n":5}');
});
beforeAll(
  () =>
    new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", () => {
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        resolve();
      }),
    ),
);
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function ctx(record: (c: GatewayCallRecord) => void = () => {}): GatewayContext<unknown> {
  return { config: {}, fetch: globalThis.fetch, now: () => new Date(), recordCall: record };
}

describe("gatewayFetch", () => {
  it("records once, masking secret values (also URL-encoded) and secret fields", async () => {
    const calls: GatewayCallRecord[] = [];
    const res = await gatewayFetch(
      ctx((c) => calls.push(c)),
      {
        gateway: "daraja",
        operation: "demo",
        method: "POST",
        url: `${base}/ok?key=${encodeURIComponent("s3cr/t+")}`,
        body: '{"Password":"s3cr/t+","x":1}',
        redact: ["s3cr/t+", undefined, ""],
        redactFields: ["access_token", "n"],
        paymentId: "pay_1",
      },
    );
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      gateway: "daraja",
      operation: "demo",
      ok: true,
      httpStatus: 200,
      paymentId: "pay_1",
    });
    expect(calls[0].url).toBe(`${base}/ok?key=[redacted]`);
    expect(calls[0].request).toBe('{"Password":"[redacted]","x":1}');
    expect(calls[0].response).toBe('{"access_token":"[redacted]","expires_in":3599,"n":"[redacted]"}');
  });

  it("times out with AbortController", async () => {
    const calls: GatewayCallRecord[] = [];
    const err = await gatewayFetch(
      ctx((c) => calls.push(c)),
      { gateway: "dpo", operation: "slow", method: "GET", url: `${base}/slow`, timeoutMs: 100 },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ gateway: "dpo", code: "timeout" });
    expect(calls).toEqual([expect.objectContaining({ ok: false, error: expect.stringContaining("100 ms") })]);
  });

  it("maps 5xx to unavailable by default and masks the recorded reply", async () => {
    const calls: GatewayCallRecord[] = [];
    await expect(
      gatewayFetch(
        ctx((c) => calls.push(c)),
        { gateway: "dpo", operation: "x", method: "GET", url: `${base}/500`, redact: ["secret-value"] },
      ),
    ).rejects.toMatchObject({ code: "unavailable", details: { httpStatus: 500, retryable: true } });
    expect(calls[0]).toMatchObject({ ok: false, httpStatus: 500, response: "oops [redacted]" });
  });

  it("turns a non-GatewayError from interpret into malformed_response", async () => {
    const p = gatewayFetch(ctx(), {
      gateway: "daraja",
      operation: "x",
      method: "GET",
      url: `${base}/big`,
      interpret: (res) => ({ value: parseJsonBody("daraja", res) }),
    });
    await expect(p).rejects.toMatchObject({ code: "malformed_response" });
  });

  it("clips long replies and survives a failing recorder", async () => {
    const calls: GatewayCallRecord[] = [];
    await gatewayFetch(
      ctx((c) => calls.push(c)),
      { gateway: "dpo", operation: "x", method: "GET", url: `${base}/big` },
    );
    expect(calls[0].response!.length).toBeLessThan(9_000);
    const throwing = ctx(() => {
      throw new Error("log down");
    });
    await expect(
      gatewayFetch(throwing, { gateway: "dpo", operation: "x", method: "GET", url: `${base}/ok` }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it("reports connection failures as unavailable", async () => {
    await expect(
      gatewayFetch(ctx(), { gateway: "dpo", operation: "x", method: "GET", url: "http://127.0.0.1:9/" }),
    ).rejects.toMatchObject({
      code: "unavailable",
    });
  });
});

describe("gatewayFetch redirects", () => {
  it("follows a same-origin 308 with method and body, and not one to another origin", async () => {
    const seen: string[] = [];
    const other = createServer((req, res) => {
      seen.push(`other ${req.method} ${req.url}`);
      res.writeHead(200).end("leaked");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const local = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url === "/api/") return void res.writeHead(308, { Location: "/api" }).end();
        if (req.url === "/away") return void res.writeHead(307, { Location: `${otherBase}/steal` }).end();
        res.writeHead(200).end("<API3G><Result>000</Result></API3G>");
      });
    });
    await new Promise<void>((resolve) => local.listen(0, "127.0.0.1", resolve));
    const localBase = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
    try {
      const ok = await gatewayFetch(ctx(), {
        gateway: "dpo",
        operation: "x",
        method: "POST",
        url: `${localBase}/api/`,
        body: "<x/>",
      });
      expect(ok.status).toBe(200);
      expect(seen).toEqual(["POST /api/ <x/>", "POST /api <x/>"]);
      const away = await gatewayFetch(ctx(), {
        gateway: "dpo",
        operation: "x",
        method: "POST",
        url: `${localBase}/away`,
        body: "secret",
      });
      expect(away.status).toBe(307);
      expect(seen.some((line) => line.startsWith("other"))).toBe(false);
    } finally {
      for (const s of [local, other]) {
        s.closeAllConnections();
        s.close();
      }
    }
  });
});
