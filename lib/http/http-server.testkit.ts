import http from "node:http";
import type { AddressInfo } from "node:net";

export type Route = (req: Request) => Promise<Response>;

/**
 * A real HTTP server on a free local port that answers with fetch-style handlers, for testing the browser's
 * API client over the wire. `hits` counts the requests per path (a retry shows up there).
 */
export async function startHttpServer(routes: Record<string, Route>) {
  const hits: Record<string, number> = {};
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`http://lango.test${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const path = new URL(request.url).pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const route = routes[path];
    const answer = route
      ? await route(request)
      : Response.json({ error: { code: "not_found", message: "No such page." } }, { status: 404 });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A local URL nothing listens on: a port that was free a moment ago. */
export async function closedPortUrl(): Promise<string> {
  const { base, close } = await startHttpServer({});
  await close();
  return base;
}
