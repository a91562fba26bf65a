import { expect, type APIRequestContext } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import {
  answerPrompt,
  attendeesFor,
  buyOnThePages,
  freshPhone,
  NAIROBI,
  paidNairobiOrder,
  test,
  ticketType,
} from "./helpers";

const ADMIN = { email: "admin@lango.test", password: "lango-demo-admin" };

/** Signs the request context in as the demo admin through next-auth's credentials flow. */
async function signInAsAdmin(request: APIRequestContext) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(res.status());
  const session = (await (await request.get("/api/auth/session")).json()) as { user?: { role?: string } };
  expect(session.user?.role).toBe("admin");
}

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

test("after paying, each ticket's QR on the order page decodes to a code the gate admits once", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  await request.post("/sim/api/reset", { data: {} });
  const type = await ticketType(request, NAIROBI, "Regular");
  // Placed from the buyer's browser (the page's request context shares its cookies), as the checkout does.
  const created = await page.request.post("/api/orders", {
    data: {
      eventSlug: NAIROBI,
      items: [
        {
          ticketTypeId: type.id,
          quantity: 2,
          attendees: await attendeesFor(request, NAIROBI, type.id, 2, ["Achieng Odhiambo", "Kipchoge Kamau"]),
        },
      ],
      buyer: { name: "Achieng Odhiambo", email: "achieng@example.com", phone: "0711 222 333" },
    },
  });
  const { reference } = (await created.json()) as { reference: string };

  await page.goto(`/orders/${reference}`);
  await page.getByRole("button", { name: "Pay with M-Pesa" }).click();
  await answerPrompt(request, reference);
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();

  const tickets = page.getByRole("region", { name: "Your tickets" }).getByRole("listitem");
  await expect(tickets).toHaveCount(2);
  await expect(tickets.nth(0)).toContainText("Achieng Odhiambo");
  await expect(tickets.nth(1)).toContainText("Kipchoge Kamau");
  await page.screenshot({ path: "test-results/order-tickets.png", fullPage: true });

  // The tickets page (the e-mailed link) shows the same codes, with PDF, calendar and receipt.
  await page.getByRole("link", { name: /Tickets page/ }).click();
  await expect(page).toHaveURL(/\/tickets\/[A-Za-z0-9_-]{32}$/);
  await expect(page.getByRole("link", { name: "Download PDF" })).toBeVisible();
  const pdf = await request.get(
    (await page.getByRole("link", { name: "Download PDF" }).getAttribute("href")) as string,
  );
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const ics = await request.get(
    (await page.getByRole("link", { name: "Add to calendar" }).getAttribute("href")) as string,
  );
  expect(await ics.text()).toMatch(/SUMMARY(;LANGUAGE=en)?:Nairobi Tech Summit/);
  const pageTickets = page.getByRole("region", { name: "Your tickets" }).getByRole("listitem");
  await expect(pageTickets).toHaveCount(2);
  // The buyer can change who a ticket is for until the event starts; the code stays the same.
  await pageTickets.nth(1).getByRole("button", { name: "Change name" }).click();
  await pageTickets.nth(1).getByLabel("Attendee name").fill("Wanjiru Kamau");
  await pageTickets.nth(1).getByRole("button", { name: "Save" }).click();
  await expect(pageTickets.nth(1)).toContainText("Wanjiru Kamau");

  const codes: string[] = [];
  for (const ticket of await pageTickets.all()) {
    const qr = ticket.getByRole("img", { name: /QR code/ });
    const decoded = decodeQr(await qr.screenshot());
    expect(decoded, "the QR image decodes").not.toBeNull();
    codes.push(decoded!);
  }
  expect(new Set(codes).size).toBe(2);

  // Gate staff scan them: admitted once, and a second scan says when.
  const gate = await playwright.request.newContext({ baseURL });
  await signInAsAdmin(gate);
  const scan = (code: string) =>
    gate
      .post("/api/checkin", { data: { code, gate: "North" } })
      .then(async (r) => ({ status: r.status(), body: await r.json() }));
  for (const code of codes) {
    const first = await scan(code);
    expect(first).toMatchObject({ status: 200, body: { result: "ok" } });
    const again = await scan(code);
    expect(again).toMatchObject({
      status: 200,
      body: { result: "already_checked_in", checkedInAt: first.body.checkedInAt, gate: "North" },
    });
  }
  // A tampered code is refused, and nobody signed out can scan.
  expect((await scan(codes[0].slice(0, -2) + (codes[0].endsWith("AA") ? "BB" : "AA"))).body.result).toBe("invalid");
  expect((await request.post("/api/checkin", { data: { code: codes[0] } })).status()).toBe(401);
  await gate.dispose();
});

test("an admin signs in and reads the confirmation e-mail in the outbox; signed-out visitors are sent to sign in", async ({
  page,
}) => {
  await page.goto("/admin/outbox");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Foutbox/);
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: /Sign in/ }).click();
  // The form's own alert: Next's route announcer also has role "alert".
  await expect(page.getByRole("region", { name: "Staff sign-in" }).getByRole("alert")).toBeVisible();
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page).toHaveURL(/\/admin\/outbox$/);
  await expect(page.getByRole("heading", { name: "E-mail outbox" })).toBeVisible();
  const confirmation = page.getByRole("link", { name: /Your tickets for Nairobi Tech Summit/ }).first();
  await expect(confirmation).toBeVisible();
  await confirmation.click();
  await expect(page.frameLocator("iframe").getByText(/You[’']re in/)).toBeVisible();
  await expect(
    page
      .frameLocator("iframe")
      .getByRole("img", { name: /QR code/ })
      .first(),
  ).toBeVisible();
});

test("an admin adds gate staff; staff can scan but admin-only pages stay closed to them", async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto("/signin?callbackUrl=%2Fadmin%2Fusers");
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await page.getByLabel("E-mail").fill("gate.north@example.com");
  await page.getByLabel("Name").fill("North gate");
  await page.getByLabel("Password").fill("north-gate-2026");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("Added gate.north@example.com (staff, gate only).")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "gate.north@example.com" })).toContainText("staff");

  const staff = await playwright.request.newContext({ baseURL });
  const { csrfToken } = (await (await staff.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await staff.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: "gate.north@example.com", password: "north-gate-2026", json: "true" },
    maxRedirects: 0,
  });
  const scan = await staff.post("/api/checkin", { data: { code: "not-a-ticket" } });
  expect(scan.status()).toBe(200);
  expect((await scan.json()).result).toBe("invalid");
  expect((await staff.get("/admin/outbox", { maxRedirects: 0 })).status()).toBe(404);
  expect((await staff.get("/admin/users", { maxRedirects: 0 })).status()).toBe(404);
  // The dashboard is the admin's; gate staff who open /admin land on the scanner.
  const home = await staff.get("/admin", { maxRedirects: 0 });
  expect(home.status()).toBe(307);
  expect(home.headers()["location"]).toMatch(/\/admin\/checkin$/);
  await staff.dispose();
});

test("gate staff check a typed code and find a ticket by name on the scanner page", async ({ page, request }) => {
  await request.post("/sim/api/reset", { data: {} });
  const { codes } = await paidNairobiOrder(request, ["Zawadi Mwangi", "Juma Hassan"], {
    email: "zawadi@example.com",
    phone: "0799 111 222",
  });

  // What the phone does on each result: staff look at faces, not screens, so each result buzzes and beeps its
  // own way. The page's vibrate and tones are recorded as they happen.
  await page.addInitScript(() => {
    const signals: unknown[] = [];
    Object.assign(window, { __signals: signals });
    Object.defineProperty(navigator, "vibrate", {
      configurable: true,
      value: (pattern: VibratePattern) => (signals.push({ vibrate: pattern }), true),
    });
    const Context = window.AudioContext;
    window.AudioContext = class extends Context {
      createOscillator() {
        const osc = super.createOscillator();
        const start = osc.start.bind(osc);
        osc.start = (when?: number) => (signals.push({ tone: osc.frequency.value }), start(when));
        return osc;
      }
    };
  });
  const signals = () => page.evaluate(() => (window as unknown as { __signals: unknown[] }).__signals);

  await page.goto("/signin?callbackUrl=%2Fadmin%2Fcheckin");
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page.getByRole("heading", { name: "Gate check-in" })).toBeVisible();
  // The soonest event comes first (the demo's Kampala festival): these tickets are Nairobi's. Chosen once
  // the scanner has hydrated (its offline list is ready), or hydration would undo the choice.
  await expect(page.getByText(/Ready offline/)).toBeVisible();
  await page.getByLabel("Event").selectOption({ label: "Nairobi Tech Summit" });
  await expect(page.getByText(/Ready offline: .* for Nairobi Tech Summit/)).toBeVisible();
  await page.getByLabel("Gate").fill("East");

  // Typed before the scanner hydrates, a code would be wiped: type until the button takes it.
  await expect(async () => {
    await page.getByLabel("Ticket code").fill(codes[0]);
    await expect(page.getByRole("button", { name: "Check" })).toBeEnabled({ timeout: 1_000 });
  }).toPass();
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Admitted" })).toContainText("Zawadi Mwangi");
  const admitted = [{ vibrate: 80 }, { tone: 880 }];
  await expect.poll(signals).toEqual(admitted);
  // The field is empty again for the next code; the same code typed again is already in.
  await expect(page.getByLabel("Ticket code")).toHaveValue("");
  await page.getByLabel("Ticket code").fill(codes[0]);
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Already in" })).toContainText("East");
  // 24-hour clock, as the gate's phones and the tickets write it.
  await expect(page.getByRole("status")).toContainText(/at [0-2]\d:[0-5]\d /);
  await page.getByLabel("Ticket code").fill("forged.code");
  await page.getByRole("button", { name: "Check" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Refused" })).toBeVisible();
  // Already in: a double buzz and a middle tone; refused: the same buzz and a low tone.
  const alreadyIn = [{ vibrate: [120, 80, 120] }, { tone: 520 }];
  await expect.poll(signals).toEqual([...admitted, ...alreadyIn, { vibrate: [120, 80, 120] }, { tone: 220 }]);

  // A code that will not scan: find the attendee by name and admit them.
  await page.getByLabel("Name or order reference").fill("Juma");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("list", { name: "Matching tickets" }).getByRole("button", { name: "Admit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Admitted" })).toContainText("Juma Hassan");
  await expect(page.getByText(/East: \d+/)).toBeVisible();
  await page.screenshot({ path: "test-results/scanner.png" });
});

test("pentest 12.2: someone with only the reference sees the status and can pay, but not the tickets or who bought", async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  await request.post("/sim/api/reset", { data: {} });
  const buyer = { name: "Njeri Wambui", email: "njeri.wambui@example.com", phone: freshPhone() };
  const reference = await buyOnThePages(page, NAIROBI, "Regular", 1, buyer);
  const digits = buyer.phone.replace(/\D/g, "");

  // Another browser, with the reference read off a receipt or heard at the desk.
  const stranger = await browser.newContext({ baseURL });
  const other = await stranger.newPage();
  const secrets = async () => {
    const text = await other.locator("body").innerText();
    expect(text).not.toContain("Njeri");
    expect(text).not.toContain("n***@example.com");
    expect(text).not.toContain("njeri.wambui");
    expect(text).not.toContain("•••");
    expect(text).not.toContain(digits.slice(-6));
  };
  await other.goto(`/orders/${reference}`);
  await expect(other.getByText("Awaiting payment")).toBeVisible();
  await expect(other.getByRole("button", { name: "Pay with M-Pesa" })).toBeVisible();
  await expect(other.getByText("the phone number given at checkout")).toBeVisible();
  await secrets();

  // The buyer pays; their page shows the tickets.
  await page.getByRole("button", { name: "Pay with M-Pesa" }).click();
  await answerPrompt(request, reference);
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Your tickets" }).getByRole("listitem")).toHaveCount(1);
  await expect(page.getByText("n***@example.com").first()).toBeVisible();

  // The stranger sees that it is paid, and nothing of the tickets.
  await other.reload();
  await expect(other.getByText("Paid", { exact: true })).toBeVisible();
  await expect(other.getByRole("heading", { name: "Your tickets" })).toHaveCount(0);
  await expect(other.locator("[data-ticket-code]")).toHaveCount(0);
  await expect(other.getByRole("link", { name: /Tickets page/ })).toHaveCount(0);
  await secrets();
  const api = (await (await other.request.get(`/api/orders/${reference}`)).json()) as Record<string, unknown>;
  expect(api).toMatchObject({ reference, status: "paid" });
  expect(api).not.toHaveProperty("buyer");
  expect(api).not.toHaveProperty("tickets");
  expect(api).not.toHaveProperty("accessToken");
  await stranger.close();
});
