import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoute, parseWith, readJson } from "./api";
import { ApiError, BAD_RESPONSE, NETWORK_ERROR, apiFetch, shouldRetry } from "./api-client";
import { closedPortUrl, startHttpServer, type Route } from "./http-server.testkit";

/**
 * apiFetch against a real HTTP server whose JSON routes are the API's own `apiRoute` handlers, so the client
 * reads the envelope the server really writes; the other routes answer what a proxy or a broken host might.
 */
const order = apiRoute(async (req) => {
  const body = parseWith(
    z.object({ buyer: z.object({ email: z.email("Enter a valid e-mail address.") }) }),
    await readJson(req),
  );
  return Response.json(
    { reference: "LG2YZZ6JUT", echo: body, auth: req.headers.get("authorization") },
    { status: 201 },
  );
});
const crash = apiRoute(async () => {
  throw new Error("database is on fire");
});

const routes: Record<string, Route> = {
  "/api/orders": (req) => order(req, {}),
  "/api/crash": (req) => crash(req, {}),
  "/api/sold-out": async () =>
    Response.json(
      { error: { code: "sold_out", message: "Only 1 Regular ticket left.", ticketTypeId: "tt_1", available: 1 } },
      { status: 409 },
    ),
  "/api/gateway-html": async () =>
    new Response("<html><body>502 Bad Gateway</body></html>", {
      status: 502,
      headers: { "content-type": "text/html" },
    }),
  "/api/ok-html": async () => new Response("<html>hello</html>", { headers: { "content-type": "text/html" } }),
  "/api/no-content": async () => new Response(null, { status: 204 }),
  "/api/slow": () => new Promise((resolve) => setTimeout(() => resolve(Response.json({ late: true })), 300)),
};

let server: Awaited<ReturnType<typeof startHttpServer>>;
let base: string;

beforeAll(async () => {
  server = await startHttpServer(routes);
  base = server.base;
});

afterAll(() => server.close());

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("apiFetch", () => {
  it("sends the body as JSON with the bearer token and returns the parsed answer", async () => {
    const created = await apiFetch<{ reference: string; echo: unknown; auth: string }>(`${base}/api/orders`, {
      method: "POST",
      body: { buyer: { email: "amina@example.com" } },
      token: "tok_123",
    });
    expect(created).toEqual({
      reference: "LG2YZZ6JUT",
      echo: { buyer: { email: "amina@example.com" } },
      auth: "Bearer tok_123",
    });
  });

  it("turns the API's refusal into an ApiError with its status, code, message and per-field messages", async () => {
    const err = await refusal(apiFetch(`${base}/api/orders`, { method: "POST", body: { buyer: { email: "nope" } } }));
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_input");
    expect(err.isClientError).toBe(true);
    expect(err.fields).toEqual({ "buyer.email": "Enter a valid e-mail address." });
    expect(err.message).toMatch(/buyer\.email/);
  });

  it("keeps the envelope's details, such as how many tickets are left", async () => {
    const err = await refusal(apiFetch(`${base}/api/sold-out`));
    expect(err.status).toBe(409);
    expect(err.code).toBe("sold_out");
    expect(err.message).toBe("Only 1 Regular ticket left.");
    expect(err.detail("ticketTypeId")).toBe("tt_1");
    expect(err.body.available).toBe(1);
    expect(err.detail("available")).toBeUndefined();
    expect(err.fields).toEqual({});
  });

  it("passes on a server fault's own readable message, and says it is not the caller's mistake", async () => {
    const err = await refusal(apiFetch(`${base}/api/crash`));
    expect(err.status).toBe(500);
    expect(err.code).toBe("internal_error");
    expect(err.isClientError).toBe(false);
    expect(err.message).not.toMatch(/fire/);
  });

  it("gives a readable message when the answer is a proxy's HTML page, failed or not", async () => {
    const failed = await refusal(apiFetch(`${base}/api/gateway-html`));
    expect(failed).toMatchObject({
      status: 502,
      code: BAD_RESPONSE,
      message: "Something went wrong on our side. Please try again.",
    });
    const odd = await refusal(apiFetch(`${base}/api/ok-html`));
    expect(odd).toMatchObject({ status: 200, code: BAD_RESPONSE });
  });

  it("gives a readable message, status 0, when the server cannot be reached", async () => {
    const err = await refusal(apiFetch(`${await closedPortUrl()}/api/orders`));
    expect(err).toMatchObject({ status: 0, code: NETWORK_ERROR, isNetworkError: true });
    expect(err.message).toBe("We could not reach Lango. Check your connection and try again.");
  });

  it("returns nothing for 204 No Content", async () => {
    expect(await apiFetch(`${base}/api/no-content`, { method: "DELETE" })).toBeUndefined();
  });

  it("lets a cancelled request fail as an abort, not as a connection problem", async () => {
    const controller = new AbortController();
    const pending = apiFetch(`${base}/api/slow`, { signal: controller.signal });
    controller.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as Error).name).toBe("AbortError");
  });

  it("shows every answer to onResponse (the payment screens read the server's clock from it)", async () => {
    const seen: number[] = [];
    await apiFetch(`${base}/api/sold-out`, { onResponse: (res) => seen.push(res.status) }).catch(() => {});
    await apiFetch(`${base}/api/no-content`, { onResponse: (res) => seen.push(res.status) });
    expect(seen).toEqual([409, 204]);
  });
});

describe("shouldRetry", () => {
  it("never retries a 4xx, and retries connection failures and 5xx twice", () => {
    const notFound = new ApiError(404, { code: "not_found", message: "No such page." });
    const limited = new ApiError(429, { code: "rate_limited", message: "Slow down." });
    const down = new ApiError(503, { code: BAD_RESPONSE, message: "…" });
    const offline = new ApiError(0, { code: NETWORK_ERROR, message: "…" });
    expect(shouldRetry(0, notFound)).toBe(false);
    expect(shouldRetry(0, limited)).toBe(false);
    expect([0, 1, 2].map((n) => shouldRetry(n, down))).toEqual([true, true, false]);
    expect([0, 1, 2].map((n) => shouldRetry(n, offline))).toEqual([true, true, false]);
  });
});
