import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { POST as callbackKind } from "@/app/api/callbacks/[gateway]/[kind]/route";
import { POST as callback } from "@/app/api/callbacks/[gateway]/route";
import { POST as createOrder } from "@/app/api/orders/route";
import { POST as resend } from "@/app/api/tickets/resend/route";
import { useDatabase } from "@/lib/db/client";
import { handleSimulatorRequest } from "@/lib/simulators/router";
import { describeEachDatabase } from "@/test/db";

type Handler = (req: Request) => Promise<Response>;
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

const ROUTES: Record<string, Handler> = {
  "/api/orders": (req) => createOrder(req, params({})),
  "/api/tickets/resend": (req) => resend(req, params({})),
  "/api/callbacks/daraja": (req) => callback(req, params({ gateway: "daraja" })),
  "/api/callbacks/dpo": (req) => callback(req, params({ gateway: "dpo" })),
  "/api/callbacks/ksher": (req) => callback(req, params({ gateway: "ksher" })),
  "/api/callbacks/daraja/c2b-confirmation": (req) =>
    callbackKind(req, params({ gateway: "daraja", kind: "c2b-confirmation" })),
  "/sim/dpo/API/v6/": (req) => handleSimulatorRequest(req, { appUrl: "http://127.0.0.1" }),
};

/**
 * Serves the route handlers the way `next start` does: the handler gets the socket's body as a stream
 * (not a buffered copy), so what a handler reads is what the server takes off the wire, counted here.
 */
async function startStreamingServer() {
  let bytesRead = 0;
  const server = http.createServer(async (incoming, outgoing) => {
    const counted = (async function* () {
      for await (const chunk of incoming) {
        bytesRead += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })();
    const headers = new Headers();
    for (const [k, v] of Object.entries(incoming.headers)) if (typeof v === "string") headers.set(k, v);
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const request = new Request(url, {
      method: incoming.method,
      headers,
      body: counted as unknown as BodyInit,
      duplex: "half",
    } as RequestInit);
    const route = ROUTES[url.pathname];
    const response = route ? await route(request) : new Response("not found", { status: 404 });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bytesRead: () => bytesRead,
    reset: () => void (bytesRead = 0),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
    /**
     * POSTs `total` bytes in 16 KB pieces (chunked unless `declared` sets a Content-Length), stopping as
     * soon as the answer arrives. An answer that has not come `waitMs` after the last piece is `status: 0`.
     */
    post(path: string, opts: { total: number; declared?: number; contentType?: string; waitMs?: number }) {
      return new Promise<{ status: number; body: string; sent: number }>((resolve) => {
        const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
        if (opts.declared !== undefined) headers["content-length"] = String(opts.declared);
        const req = http.request({ host: "127.0.0.1", port, method: "POST", path, headers });
        let sent = 0;
        let answered = false;
        const finish = (status: number, body = "") => {
          if (answered) return;
          answered = true;
          req.destroy();
          resolve({ status, body, sent });
        };
        req.on("response", (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => finish(res.statusCode ?? 0, body));
        });
        req.on("error", () => finish(0));
        const piece = Buffer.alloc(16 * 1024, "a");
        const pump = () => {
          while (!answered && sent < opts.total) {
            sent += piece.length;
            if (!req.write(piece)) return void req.once("drain", pump);
          }
          if (answered) return;
          if (opts.declared === undefined) req.end();
          setTimeout(() => finish(0), opts.waitMs ?? 3000).unref();
        };
        pump();
      });
    },
  };
}

describeEachDatabase("pentest 12.5: bodies over a route's limit are refused without being read", (database) => {
  let server: Awaited<ReturnType<typeof startStreamingServer>>;
  beforeAll(async () => {
    useDatabase(database());
    server = await startStreamingServer();
  });
  afterAll(() => server?.close());

  const MB = 1024 * 1024;
  const JSON_LIMIT = 64 * 1024;
  const routes = [
    "/api/orders",
    "/api/tickets/resend",
    "/api/callbacks/daraja",
    "/api/callbacks/dpo",
    "/api/callbacks/ksher",
    "/api/callbacks/daraja/c2b-confirmation",
  ];

  it.each(routes)(
    "%s: a declared 100 MB body gets 413 before the client has sent it, with nothing read",
    async (path) => {
      server.reset();
      // The client sends 1 MB of the 100 MB it announced and waits: only an answer given unread can arrive.
      const answer = await server.post(path, { declared: 100 * MB, total: 1 * MB });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { code: "payload_too_large", message: expect.stringMatching(/too large/) },
      });
      expect(server.bytesRead()).toBe(0);
    },
  );

  it.each(routes)(
    "%s: a chunked body with no Content-Length is cut off at the limit and answered 413",
    async (path) => {
      server.reset();
      const answer = await server.post(path, { total: 8 * MB });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.code).toBe("payload_too_large");
      // At most the limit and the piece in flight, not the 8 MB sent.
      expect(server.bytesRead()).toBeLessThan(JSON_LIMIT + 64 * 1024);
    },
  );

  it("the simulators' shared body reader stops at its limit too (DPO answers its own XML refusal)", async () => {
    server.reset();
    const declared = await server.post("/sim/dpo/API/v6/", {
      declared: 100 * MB,
      total: 1 * MB,
      contentType: "application/xml",
    });
    expect(declared.status).toBe(200);
    expect(declared.body).toContain("<Result>804</Result>");
    expect(server.bytesRead()).toBe(0);
    const chunked = await server.post("/sim/dpo/API/v6/", { total: 8 * MB, contentType: "application/xml" });
    expect(chunked.body).toContain("<Result>804</Result>");
    expect(server.bytesRead()).toBeLessThan(256 * 1024 + 64 * 1024);
  });

  it("bodies within the limit are read whole and answered as before", async () => {
    const small = await fetch(`${server.url}/api/tickets/resend`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "nobody@example.com", pad: "x".repeat(60_000) }),
    });
    expect(small.status).toBe(202);
    const malformed = await server.post("/api/tickets/resend", { total: 16 * 1024 });
    expect(malformed.status).toBe(400);
  });
});
