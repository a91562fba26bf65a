import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiFetch, ApiError } from "@/lib/http/api-client";
import { startHttpServer } from "@/lib/http/http-server.testkit";
import { makeQueryClient } from "./query-client";

/** The app's QueryClient defaults, driven over real HTTP: what a flaky network or a refusal costs the server. */
let flaky = 0;
let server: Awaited<ReturnType<typeof startHttpServer>>;

beforeAll(async () => {
  server = await startHttpServer({
    "/api/payments/gone": async () =>
      Response.json({ error: { code: "payment_not_found", message: "There is no such payment." } }, { status: 404 }),
    // Down for its first two requests, then up: a restart behind the load balancer.
    "/api/payments/flaky": async () =>
      ++flaky <= 2 ? new Response("Bad Gateway", { status: 502 }) : Response.json({ status: "pending" }),
    "/api/orders/LGDOWN/payments": async () => new Response("Bad Gateway", { status: 502 }),
  });
});

afterAll(() => server.close());

// Retries wait 1 s, 2 s… by default; the policy, not the waiting, is under test.
const quick = { retryDelay: 1 };

describe("the app's QueryClient", () => {
  it("does not ask again after a 4xx: the answer would be the same", async () => {
    const client = makeQueryClient();
    const err = await client
      .fetchQuery({ queryKey: ["gone"], queryFn: () => apiFetch(`${server.base}/api/payments/gone`), ...quick })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("payment_not_found");
    expect(server.hits["/api/payments/gone"]).toBe(1);
  });

  it("rides out a short outage: a 5xx is asked again, twice at most", async () => {
    const client = makeQueryClient();
    const data = await client.fetchQuery({
      queryKey: ["flaky"],
      queryFn: () => apiFetch(`${server.base}/api/payments/flaky`),
      ...quick,
    });
    expect(data).toEqual({ status: "pending" });
    expect(server.hits["/api/payments/flaky"]).toBe(3);
  });

  it("never repeats a mutation: a payment start that failed is the buyer's to try again", async () => {
    const client = makeQueryClient();
    const mutation = client.getMutationCache().build(client, {
      mutationFn: () => apiFetch(`${server.base}/api/orders/LGDOWN/payments`, { method: "POST", body: {} }),
      ...quick,
    });
    await expect(mutation.execute(undefined)).rejects.toBeInstanceOf(ApiError);
    expect(server.hits["/api/orders/LGDOWN/payments"]).toBe(1);
  });

  it("does not refetch everything when the tab regains focus", () => {
    expect(makeQueryClient().getDefaultOptions().queries?.refetchOnWindowFocus).toBe(false);
  });
});
