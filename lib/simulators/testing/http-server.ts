/**
 * Test plumbing: hosts a Web-standard handler on a real `node:http` server (127.0.0.1, random port), and
 * a second server that captures what the simulators POST back (callbacks, results, pushes).
 * Generic HTTP glue only — nothing here knows a gateway's protocol.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HostedServer {
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const body = await readBody(req);
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" || body.length === 0 ? undefined : new Uint8Array(body),
  });
}

export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

function listen(server: Server): Promise<HostedServer> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Serves `handler` over HTTP; the handler sees the same absolute URLs a browser or gateway client would. */
export function serveHandler(handler: (req: Request, origin: string) => Promise<Response>): Promise<HostedServer> {
  let origin = "";
  const server = createServer((req, res) => {
    void (async () => {
      try {
        await writeResponse(res, await handler(await toRequest(req, origin), origin));
      } catch (err) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      }
    })();
  });
  return listen(server).then((hosted) => {
    origin = hosted.url;
    return hosted;
  });
}

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface CaptureServer extends HostedServer {
  requests: CapturedRequest[];
  /** Resolves with the captured requests once `predicate` holds, or rejects after `timeoutMs`. */
  waitFor(predicate: (requests: CapturedRequest[]) => boolean, timeoutMs?: number): Promise<CapturedRequest[]>;
  /** Requests whose path starts with `prefix`. */
  at(prefix: string): CapturedRequest[];
  clear(): void;
}

/** A stand-in for the app's callback endpoints: records every request and answers like a merchant would. */
export async function startCaptureServer(
  answer: (req: CapturedRequest) => { status?: number; body?: string; contentType?: string } = () => ({}),
): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = (await readBody(req)).toString("utf8");
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]),
      );
      const captured: CapturedRequest = {
        method: req.method ?? "",
        path: req.url ?? "/",
        headers,
        body,
        at: Date.now(),
      };
      requests.push(captured);
      const reply = answer(captured);
      res.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "text/plain" });
      res.end(reply.body ?? "OK");
    })();
  });
  const hosted = await listen(server);
  return {
    ...hosted,
    requests,
    at: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    clear: () => void requests.splice(0),
    waitFor: async (predicate, timeoutMs = 3000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(requests)) {
        if (Date.now() > deadline)
          throw new Error(
            `Timed out waiting for callbacks; got ${requests.length}: ${requests.map((r) => r.path).join(", ")}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
      return requests;
    },
  };
}
