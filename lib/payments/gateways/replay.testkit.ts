/**
 * Test kit of the adapters' client tests: a replay server (node:http on 127.0.0.1, port 0) that answers with
 * recorded gateway payloads. It has no gateway logic of its own and is not a simulator: each test scripts
 * which recording comes back and inspects what the adapter sent.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayCallRecord, GatewayContext } from "../types";

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
/** `hang`: never answer, so the client's timeout must fire. */
export type Reply = { status: number; body?: string; hang?: boolean };

const servers: Array<{ close: () => void }> = [];
/** Call from afterEach: stops every replay server started since the last call. */
/**
 * Close them after the file, not after each test: a later test's server could get an earlier one's port,
 * and the adapters' token caches (keyed by host and credentials) would then skip its token request.
 */
export const closeReplays = () => servers.splice(0).forEach((s) => s.close());

export async function replay(
  route: (req: Seen, seen: Seen[]) => Reply,
  contentType = "application/json",
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const entry = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      seen.push(entry);
      const reply = route(entry, seen);
      if (reply.hang) return;
      res.writeHead(reply.status, { "Content-Type": contentType }).end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A context on the real fetch whose call log is kept in `calls`, for the test to read. */
export function recordingContext<C>(
  config: C,
  now: () => Date,
): { ctx: GatewayContext<C>; calls: GatewayCallRecord[] } {
  const calls: GatewayCallRecord[] = [];
  return { ctx: { config, fetch: globalThis.fetch, now, recordCall: (c) => calls.push(c) }, calls };
}
