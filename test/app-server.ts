import http from "node:http";
import type { AddressInfo } from "node:net";
import { getDb } from "@/lib/db/client";
import { paymentsEnv, type PaymentsEnv } from "@/lib/payments/registry";
import { returnFromGateway } from "@/lib/payments/return-from-gateway";
import { notificationRoute } from "@/lib/payments/notification-route";
import { handleSimulatorRequest } from "@/lib/simulators/router";

/**
 * The parts of the app a gateway talks to (callbacks, the return from hosted pages) and the simulators,
 * served over real HTTP on 127.0.0.1 without Next, so adapters, simulators and callbacks meet on the wire.
 */
export async function startAppServer(): Promise<{ url: string; env: PaymentsEnv; close: () => Promise<void> }> {
  let url = "";
  // Set once the port is known; the handler only runs after that.
  let env: PaymentsEnv = paymentsEnv({ PAYMENTS_MODE: "simulator" });
  const server = http.createServer(async (incoming, outgoing) => {
    try {
      const request = await toRequest(incoming, url);
      const path = new URL(request.url).pathname;
      let response: Response;
      const callback = path.match(/^\/api\/callbacks\/([^/]+)(?:\/([^/]+))?$/);
      const back = path.match(/^\/pay\/return\/([^/]+)$/);
      if (path.startsWith("/sim/")) response = await handleSimulatorRequest(request, { appUrl: url });
      else if (callback) response = await notificationRoute(request, callback[1], callback[2], env);
      else if (back) {
        const to = await returnFromGateway(await getDb(), back[1], new URL(request.url).searchParams, env);
        response = Response.redirect(new URL(to, url), 303);
      } else response = new Response("not found", { status: 404 });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      outgoing.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  env = paymentsEnv({ PAYMENTS_MODE: "simulator", APP_URL: url });
  return {
    url,
    env,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function toRequest(incoming: http.IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(incoming.headers)) if (typeof v === "string") headers.set(k, v);
  headers.set("x-real-ip", incoming.socket.remoteAddress ?? "");
  return new Request(new URL(incoming.url ?? "/", base), {
    method: incoming.method,
    headers,
    body: incoming.method === "GET" || incoming.method === "HEAD" ? undefined : body,
  });
}
