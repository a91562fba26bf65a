import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { paidNairobiOrder, test } from "./helpers";

const ADMIN = { email: "admin@lango.test", password: "lango-demo-admin" };
/** The phone viewport of the config: contexts made by hand do not inherit the project's `use`. */
const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  locale: "en-KE",
  timezoneId: "Africa/Nairobi",
};

/** A paid order of Regular tickets through the API and the M-Pesa simulator; returns their codes. */
async function paidTickets(request: APIRequestContext, attendees: string[]): Promise<string[]> {
  return (await paidNairobiOrder(request, attendees, { email: "gate.offline@example.com", phone: "0722 404 505" }))
    .codes;
}

/** Signs in on the page and opens the scanner at a gate, with the event's ticket list on the phone. */
async function openScanner(page: Page, gate: string) {
  await page.goto("/signin?callbackUrl=%2Fadmin%2Fcheckin");
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page.getByRole("heading", { name: "Gate check-in" })).toBeVisible();
  // The soonest event comes first (the demo's Kampala festival): these tickets are Nairobi's. Chosen once
  // the scanner has hydrated (its list is ready), then wait for Nairobi's own list.
  await expect(page.getByText(/Ready offline/)).toBeVisible();
  await page.getByLabel("Event").selectOption({ label: "Nairobi Tech Summit" });
  await expect(page.getByText(/Ready offline: .* for Nairobi Tech Summit/)).toBeVisible();
  await page.getByLabel("Gate").fill(gate);
}

async function check(page: Page, code: string) {
  await page.getByLabel("Ticket code").fill(code);
  await page.getByRole("button", { name: "Check" }).click();
}

/** A second phone: its own browser context (own storage, own device id), failing on page errors. */
async function phone(browser: Browser, baseURL: string | undefined, problems: string[]) {
  const context = await browser.newContext({ ...PHONE, baseURL });
  const page = await context.newPage();
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  return { context, page };
}

test("a gate phone admits tickets with the network off, refuses a second scan, and syncs when back online", async ({
  page,
  context,
  request,
}) => {
  await request.post("/sim/api/reset", { data: {} });
  const [code] = await paidTickets(request, ["Nyokabi Wambui"]);
  const gate = `Offline ${Date.now() % 100000}`;
  await openScanner(page, gate);
  // The service worker has kept the page for a reload without a network.
  await expect
    .poll(() => page.evaluate(async () => !!(await caches.match("/admin/checkin"))), { timeout: 20_000 })
    .toBe(true);

  await context.setOffline(true);
  await expect(page.getByText("Offline — 0 scans waiting to sync")).toBeVisible();
  await check(page, code);
  const result = page.getByRole("status").filter({ hasText: "Admitted" });
  await expect(result).toContainText("Admitted (offline)");
  await expect(result).toContainText("Nyokabi Wambui");
  await expect(page.getByText("Offline — 1 scan waiting to sync")).toBeVisible();

  await check(page, code);
  await expect(page.getByRole("status").filter({ hasText: "Already in" })).toContainText(`scanned here at`);
  await expect(page.getByRole("status").filter({ hasText: "Already in" })).toContainText(gate);
  // A forged code is refused offline too, and not counted as anyone inside.
  await check(page, code.slice(0, 12) + (code[12] === "A" ? "B" : "A") + code.slice(13));
  await expect(page.getByRole("status").filter({ hasText: "Refused" })).toBeVisible();
  await page.screenshot({ path: "test-results/scanner-offline.png" });

  // The phone reloads the page with no network: the scanner and its queue are still there.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Gate check-in" })).toBeVisible();
  // The forged one is not among them: a refused invalid code is not kept on the phone.
  await expect(page.getByText("Offline — 2 scans waiting to sync")).toBeVisible();
  await expect(page.getByLabel("Gate")).toHaveValue(gate);
  // The manual search works from the phone's list too, and knows who came in here.
  await page.getByLabel("Name or order reference").fill("Nyokabi");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("list", { name: "Matching tickets" })).toContainText(/Nyokabi Wambui.*in at/);

  await context.setOffline(false);
  await expect(page.getByText(/waiting to sync|made offline/)).toHaveCount(0);
  // The `online` event starts the sync; the periodic retry (20 s) would catch a missed one.
  await expect(page.getByText(new RegExp(`${gate}: 1\\b`))).toBeVisible({ timeout: 30_000 });
  // The server has it, at this gate: online, the same code is already in.
  await check(page, code);
  await expect(page.getByRole("status").filter({ hasText: "Already in" })).toContainText(`through ${gate}`);
});

test("one ticket admitted on two phones offline is flagged as a conflict once both have synced", async ({
  browser,
  baseURL,
  request,
  pageProblems,
}) => {
  await request.post("/sim/api/reset", { data: {} });
  const [code] = await paidTickets(request, ["Baraka Otieno"]);
  const run = Date.now() % 100000;
  const north = await phone(browser, baseURL, pageProblems);
  const south = await phone(browser, baseURL, pageProblems);
  await openScanner(north.page, `North ${run}`);
  await openScanner(south.page, `South ${run}`);

  await north.context.setOffline(true);
  await south.context.setOffline(true);
  for (const p of [north.page, south.page]) {
    await check(p, code);
    await expect(p.getByRole("status").filter({ hasText: "Admitted" })).toContainText("Admitted (offline)");
  }

  await north.context.setOffline(false);
  await expect(north.page.getByText(new RegExp(`North ${run}: 1\\b`))).toBeVisible({ timeout: 30_000 });
  await expect(north.page.getByRole("alert").filter({ hasText: "conflict" })).toHaveCount(0);

  await south.context.setOffline(false);
  const conflict = south.page.getByRole("alert").filter({ hasText: "conflict after sync" });
  await expect(conflict).toContainText("Baraka Otieno", { timeout: 30_000 });
  await expect(conflict).toContainText(`already in at`);
  await expect(conflict).toContainText(`through North ${run}`);
  await south.page.screenshot({ path: "test-results/scanner-conflict.png" });

  await south.page.getByRole("link", { name: "All conflicts" }).click();
  await expect(south.page.getByRole("heading", { name: "Check-in conflicts" })).toBeVisible();
  const listed = south.page
    .getByRole("list", { name: "Conflicts" })
    .getByRole("listitem")
    .filter({ hasText: "Baraka Otieno" });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText("Admitted twice");
  await expect(listed).toContainText(`North ${run}`);
  await expect(listed).toContainText(`South ${run}`);
  await north.context.close();
  await south.context.close();
});

test("signing out of the scanner clears its offline data; a scanned code is kept only until it is synced", async ({
  page,
  context,
  request,
}) => {
  await request.post("/sim/api/reset", { data: {} });
  const [inOnline, inOffline] = await paidTickets(request, ["Wairimu Njeri", "Otieno Odhiambo"]);
  await openScanner(page, `Sign-out ${Date.now() % 100000}`);
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith("lango-checkin-")).length), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  await check(page, inOnline);
  await expect(page.getByRole("status").filter({ hasText: "Admitted" })).toContainText("Wairimu Njeri");

  await context.setOffline(true);
  await check(page, inOffline);
  await expect(page.getByText("Offline — 1 scan waiting to sync")).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText(/waiting to sync|made offline/)).toHaveCount(0);

  // Both scans are remembered by ticket id; neither code stays on the phone once the server has it.
  const stored = await page.evaluate(
    () =>
      new Promise<{ ticketId: string | null; code?: string }[]>((resolve, reject) => {
        const open = indexedDB.open("lango-checkin");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction("scans").objectStore("scans").getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
        };
      }),
  );
  expect(stored).toHaveLength(2);
  expect(stored.every((s) => s.ticketId && !s.code)).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect(await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith("lango-checkin-")))).toEqual(
    [],
  );
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain(
    "lango-checkin",
  );
  expect((await (await page.request.get("/api/auth/session")).json()) as object).toEqual({});
});
