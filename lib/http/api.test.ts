import { describe, expect, it } from "vitest";
import { apiRoute } from "./api";
import { json } from "./json";

describe("apiRoute: another site's page cannot act with the visitor's cookies", () => {
  const route = apiRoute(async () => json({ done: true }));
  const call = (method: string, headers: Record<string, string>) =>
    route(
      new Request("http://tickets.example.com/api/checkin", {
        method,
        headers: { host: "tickets.example.com", "content-type": "text/plain", ...headers },
        ...(method === "POST" && { body: "{}" }),
      }),
      undefined,
    );

  it("refuses a state-changing request a browser sent from another site, with a code and a reason", async () => {
    for (const origin of ["https://evil.example", "null", "http://tickets.example.com.evil.example"]) {
      const res = await call("POST", { origin, cookie: "next-auth.session-token=stolen" });
      expect(res.status, origin).toBe(403);
      expect((await res.json()).error).toMatchObject({
        code: "forbidden",
        message: expect.stringContaining("sent from another site"),
      });
    }
  });

  it("lets through the site's own pages (also behind a proxy), scripts and gateways (no Origin), and reads", async () => {
    expect((await call("POST", { origin: "http://tickets.example.com" })).status).toBe(200);
    expect(
      (await call("POST", { origin: "https://tickets.example.com", "x-forwarded-host": "tickets.example.com" })).status,
    ).toBe(200);
    expect((await call("POST", {})).status).toBe(200);
    expect((await call("GET", { origin: "https://evil.example" })).status).toBe(200);
  });
});
