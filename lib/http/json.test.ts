import { expect, it } from "vitest";
import { json } from "./json";

it("a small JSON reply keeps its status and headers and asks not to be compressed", async () => {
  const res = json({ name: "Wanjikũ", total: 250_000 }, { status: 201, headers: { "Cache-Control": "no-store" } });
  expect(res.status).toBe(201);
  expect(res.headers.get("content-type")).toBe("application/json");
  expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
  expect(await res.text()).toBe('{"name":"Wanjikũ","total":250000}');
  expect(json({ ok: true }).headers.get("cache-control")).toBe("no-transform");
});

it("a reply of a kilobyte or more may be compressed, and is cached as it says", () => {
  // 1,023 bytes of JSON, counting ũ as the two bytes it is: just under the line.
  const under = json({ s: "ũ".repeat(505) + "x".repeat(5) });
  expect(under.headers.get("cache-control")).toBe("no-transform");
  const over = json({ s: "ũ".repeat(506) + "x".repeat(4) }, { headers: { "Cache-Control": "public, s-maxage=1" } });
  expect(over.headers.get("cache-control")).toBe("public, s-maxage=1");
});
