import { expect } from "@playwright/test";
import { buyViaApi, test, ticketRow, ticketType } from "./helpers";
import { ADMIN, signIn } from "./sessions";

const KAMPALA = "kampala-music-festival";

/**
 * Issue 14: the event and home pages are one shared copy, served from a cache with a CSP made of the
 * hashes of that copy's inline scripts (no per-request nonce). The `test` fixture fails on any CSP
 * violation or page error in Chromium.
 */
test("the cached event page runs under its hashed CSP, with nothing personal in it", async ({ page }) => {
  const first = await page.goto(`/events/${KAMPALA}`);
  const again = await page.goto(`/events/${KAMPALA}`);
  for (const res of [first, again]) {
    const csp = res?.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'/);
    expect(csp).not.toContain("nonce-");
    expect(csp.split("; ").find((d) => d.startsWith("script-src"))).not.toContain("unsafe-inline");
    expect(res?.headers()["cache-control"]).toMatch(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(res?.headers()["set-cookie"]).toBeUndefined();
  }
  // Hydrated and interactive under that policy: the stepper works and the cart bar follows it.
  const add = page.getByRole("button", { name: "Add one Regular ticket" });
  await expect(add).toBeEnabled();
  await add.click();
  await expect(page.getByRole("status", { name: "Regular quantity" })).toHaveText("1");
  const home = await page.goto("/");
  expect(home?.headers()["content-security-policy"]).toMatch(/'sha256-/);
  await expect(page.getByRole("heading", { name: "Upcoming events" })).toBeVisible();
  await page
    .getByRole("link", { name: /Kampala Music Festival/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: "Kampala Music Festival" })).toBeVisible();
});

test("issue 18: one cached copy per language, each hydrating under its own hashed CSP", async ({ browser }) => {
  // A Kiswahili browser and an English one at the same moment: neither is served the other's copy.
  const sw = await browser.newContext({ locale: "sw-KE", viewport: { width: 390, height: 844 } });
  const en = await browser.newContext({ locale: "en-KE", viewport: { width: 390, height: 844 } });
  try {
    const [swPage, enPage] = await Promise.all([sw.newPage(), en.newPage()]);
    const problems: string[] = [];
    for (const p of [swPage, enPage]) {
      p.on("pageerror", (err) => problems.push(err.message));
      p.on("console", (msg) => {
        if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) problems.push(msg.text());
      });
    }
    for (let round = 0; round < 2; round++) {
      const [swRes, enRes] = await Promise.all([swPage.goto(`/events/${KAMPALA}`), enPage.goto(`/events/${KAMPALA}`)]);
      for (const [res, lang] of [
        [swRes, "sw"],
        [enRes, "en"],
      ] as const) {
        expect(res?.headers()["content-language"]).toBe(lang);
        expect(res?.headers()["vary"]).toContain("Accept-Language");
        expect(res?.headers()["cache-control"]).toMatch(/^public, /);
        expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'sha256-[^']+'/);
      }
      await expect(swPage.locator("html")).toHaveAttribute("lang", "sw");
      await expect(enPage.locator("html")).toHaveAttribute("lang", "en");
    }
    await expect(swPage.getByRole("heading", { level: 1 })).toHaveText("Tamasha la Muziki Kampala");
    await expect(enPage.getByRole("heading", { level: 1 })).toHaveText("Kampala Music Festival");
    // Hydrated in its own language: the Kiswahili stepper answers in Kiswahili.
    await swPage.getByRole("button", { name: "Ongeza tiketi moja ya Kawaida" }).click();
    await expect(swPage.getByRole("status", { name: "Idadi ya tiketi za Kawaida" })).toHaveText("1");
    await enPage.getByRole("button", { name: "Add one Regular ticket" }).click();
    await expect(enPage.getByRole("status", { name: "Regular quantity" })).toHaveText("1");
    expect(problems).toEqual([]);
  } finally {
    await Promise.all([sw.close(), en.close()]);
  }
});

test("an admin's new price is on the next view; the last seat sold shows sold out", async ({ page, browser }) => {
  const vip = await ticketType(page.request, KAMPALA, "VIP");
  await signIn(page.request, ADMIN);
  const buyer = await browser.newPage();
  // Cached before the edit, as during a sale.
  await buyer.goto(`/events/${KAMPALA}`);
  await expect(ticketRow(buyer, "VIP")).toContainText("UGX 150,000");

  await page.goto("/admin/events");
  await page.getByRole("link", { name: "Kampala Music Festival" }).first().click();
  await page.locator("summary", { hasText: "VIP" }).click();
  await page.locator(`#tt-${vip.id}-price`).fill("175000");
  // Room for exactly one more seat: what is sold and held now, plus one.
  const summary = await page.locator("summary", { hasText: "VIP" }).innerText();
  const [sold, held] = [/(\d+) sold/, /(\d+) held/].map((re) => Number(summary.match(re)?.[1] ?? NaN));
  await page.locator(`#tt-${vip.id}-capacity`).fill(String(sold + held + 1));
  await page.getByRole("button", { name: "Save ticket type" }).first().click();
  await expect(page.getByText("Saved.")).toBeVisible();

  const t0 = Date.now();
  await buyer.goto(`/events/${KAMPALA}`);
  await expect(ticketRow(buyer, "VIP")).toContainText("UGX 175,000", { timeout: 1_000 });
  await expect(ticketRow(buyer, "VIP")).toContainText("1 left");
  expect(Date.now() - t0).toBeLessThan(5_000);

  // Another buyer takes the last seat: the shared HTML says so within a second (plus a render), and this
  // buyer's next view shows it, stepper gone (the live island reads availability on load).
  await buyViaApi(page.request, KAMPALA, vip.id, 1);
  const soldAt = Date.now();
  await expect
    .poll(async () => (await (await page.request.get(`/events/${KAMPALA}`)).text()).includes("Sold out"), {
      intervals: [50],
      timeout: 3_000,
    })
    .toBe(true);
  expect(Date.now() - soldAt).toBeLessThan(2_000);
  await buyer.goto(`/events/${KAMPALA}`);
  await expect(ticketRow(buyer, "VIP")).toContainText("Sold out");
  await expect(buyer.getByRole("button", { name: "Add one VIP ticket" })).toHaveCount(0);
  await buyer.close();
});
