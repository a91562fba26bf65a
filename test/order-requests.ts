import { POST as postOrder } from "@/app/api/orders/route";

/**
 * POST /api/orders through the route handler itself, as a browser sends it; `forwardedFor` is the
 * X-Forwarded-For a proxy would add (read only when the test sets TRUST_PROXY).
 */
export const postOrderRequest = (body: unknown, forwardedFor?: string) =>
  postOrder(
    new Request("http://test/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json", ...(forwardedFor && { "x-forwarded-for": forwardedFor }) },
      body: JSON.stringify(body),
    }),
    undefined as never,
  );
