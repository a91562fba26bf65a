import { expect, type APIRequestContext, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { DAR, test } from "./helpers";
import { readMailbox } from "./sessions";

/**
 * An exhibitor books a booth on a phone: the floor plan, the booking form, DPO's hosted page (mobile
 * money), and back to a paid order with the booth's staff passes.
 */

interface ApiBooth {
  id: string;
  code: string;
  size: string;
  price: number;
  status: string;
}

async function booths(request: APIRequestContext): Promise<ApiBooth[]> {
  const res = await request.get(`/api/events/${DAR}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { booths: ApiBooth[] }).booths;
}

/** A free booth of a size (a retry must not pick the one the first attempt booked). */
async function freeBooth(request: APIRequestContext, size: string): Promise<ApiBooth> {
  const found = (await booths(request)).find((b) => b.size === size && b.status === "available");
  if (!found) throw new Error(`No free ${size} booth left in ${DAR}`);
  return found;
}

const tzs = (minor: number) => `TZS ${(minor / 100).toLocaleString("en")}`;

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

const onPlan = (page: Page, code: string) => page.getByRole("link", { name: new RegExp(`^Booth ${code}:`) });

async function fillBooking(page: Page, who: { company: string; contact: string; email: string; phone: string }) {
  await page.getByLabel("Company name").fill(who.company);
  await page.getByLabel("Contact person").fill(who.contact);
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Phone number").fill(who.phone);
}

test.beforeEach(async ({ request }) => {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
});

test("an exhibitor taps the corner booth on the plan, books it with power, pays by mobile money on DPO, and finds the booking and its staff passes in the portal", async ({
  page,
  request,
}) => {
  const corner = await freeBooth(request, "corner");
  await page.goto(`/exhibit/${DAR}`);
  await expect(page.getByRole("heading", { name: "Book a booth", level: 1 })).toBeVisible();
  await expect(page.getByText("Corner", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(tzs(corner.price)).first()).toBeVisible();

  // The size filter leaves only corner booths in the list, without a page load.
  const list = page.getByRole("table", { name: /Booths with size/ });
  await expect(list.getByRole("row", { name: /^A2\b/ })).toBeVisible();
  await page
    .locator("label")
    .filter({ has: page.getByRole("radio", { name: /^Corner/ }) })
    .tap();
  await expect(list.getByRole("row", { name: /^A2\b/ })).toBeHidden();
  await expect(list.getByRole("row", { name: new RegExp(`^${corner.code}\\b`) })).toBeVisible();

  // Zoom in and back out with the buttons; the plan stays usable.
  await page.getByRole("button", { name: "Zoom in" }).tap();
  await page.getByRole("button", { name: "Show the whole hall" }).tap();
  await expect(page.getByRole("button", { name: "Show the whole hall" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/booth-plan.png", fullPage: true });

  // Tap the booth on the map itself.
  await onPlan(page, corner.code).tap();
  await expect(page).toHaveURL(new RegExp(`\\?booth=${corner.code}$`));
  await expect(page.getByTestId("selected-booth")).toHaveText(`Booth ${corner.code} · Corner`);

  await fillBooking(page, {
    company: "Kilimo Bora Ltd",
    contact: "Neema Mushi",
    email: "neema@kilimobora.co.tz",
    phone: "0754 123 456",
  });
  await page.getByLabel("Company name").focus();
  await expect(page.getByText("We'll use +255754123456.")).toBeVisible();
  await page.getByRole("checkbox", { name: /Power point/ }).check();
  await page.getByLabel(/Special requirements/).fill("Water point near the stand, please.");
  const power = /TZS ([\d,]+) each/.exec(
    (await page
      .getByRole("checkbox", { name: /Power point/ })
      .locator("xpath=..")
      .innerText()) ?? "",
  );
  const powerMinor = Number(power![1].replace(/,/g, "")) * 100;
  await expect(page.getByTestId("booking-total")).toHaveText(tzs(corner.price + powerMinor));
  await page.screenshot({ path: "test-results/booth-form.png", fullPage: true });
  await page.getByRole("button", { name: `Book booth ${corner.code}` }).tap();

  await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
  const reference = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByText("Awaiting payment")).toBeVisible();
  await expect(page.getByText(`Booth ${corner.code} (corner)`)).toBeVisible();
  await expect(page.getByText(new RegExp(`Power point.*booth ${corner.code}`))).toBeVisible();
  // A booth is held, not seats; what follows payment is staff passes, not tickets.
  await expect(page.getByText(/^Booth held for/)).toBeVisible();
  await expect(page.getByText(/Your staff passes go to/)).toBeVisible();
  await expect(page.getByText(/Seats held|Your tickets go to/)).toHaveCount(0);
  expect((await booths(request)).find((b) => b.id === corner.id)?.status).toBe("held");

  // Pay through DPO's hosted page with Vodacom M-Pesa, the way a Tanzanian exhibitor would.
  await expect(page.getByRole("heading", { name: `Pay ${tzs(corner.price + powerMinor)}` })).toBeVisible();
  await page.getByLabel("Pay with").selectOption({ label: "Vodacom M-Pesa" });
  await page.getByRole("button", { name: "Continue to DPO Pay" }).tap();
  await expect(page).toHaveURL(/\/sim\/dpo\/payv2\.php\?ID=/i);
  await expect(page.getByText(reference)).toBeVisible();
  await page.getByRole("button", { name: "Pay by mobile money" }).tap();

  await expect(page).toHaveURL(new RegExp(`/orders/${reference}\\?payment=`));
  await expect(page.getByText("Paid", { exact: true })).toBeVisible();
  expect((await booths(request)).find((b) => b.id === corner.id)?.status).toBe("booked");
  // A booth order speaks of the booth and its passes, and leads to the exhibitor portal.
  await expect(page.getByText(`Booth ${corner.code} (corner) is yours.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Exhibitor portal" })).toHaveAttribute("href", "/exhibit/portal");
  await expect(page.getByText(/Your staff passes and receipt have been sent to/)).toBeVisible();
  await expect(page.getByText(/Your tickets have been sent|You're in\./)).toHaveCount(0);

  // A corner booth comes with three staff passes, each a QR code the gate can read.
  const passes = page.getByRole("region", { name: "Your staff passes" }).getByRole("listitem");
  await expect(passes).toHaveCount(3);
  const codes: string[] = [];
  for (const [i, pass] of (await passes.all()).entries()) {
    await expect(pass).toContainText(`Kilimo Bora Ltd staff pass ${i + 1}`);
    const decoded = decodeQr(await pass.getByRole("img", { name: /QR code/ }).screenshot());
    expect(decoded, "the pass's QR decodes").not.toBeNull();
    codes.push(decoded!);
  }
  expect(new Set(codes).size).toBe(3);
  await page.screenshot({ path: "test-results/booth-paid.png", fullPage: true });

  // The plan now shows the booth as booked, for the next exhibitor.
  await page.goto(`/exhibit/${DAR}`);
  await expect(onPlan(page, corner.code)).toHaveCount(0);
  await expect(page.getByRole("img", { name: new RegExp(`^Booth ${corner.code}:.*booked$`) })).toBeVisible();

  // The confirmation e-mail points to the exhibitor portal: sign in there by e-mail link, from the
  // exhibitor's own mailbox, and find this booking and its staff passes.
  const confirmation = await readMailbox(request, "neema@kilimobora.co.tz", /exhibitor portal/);
  expect(confirmation.text).toContain(`Booth ${corner.code}`);
  await page.goto("/exhibit/portal");
  await expect(page).toHaveURL(/\/exhibit\/signin/);
  await page.getByLabel("E-mail").fill("neema@kilimobora.co.tz");
  await page.getByRole("button", { name: "E-mail me a sign-in link" }).tap();
  await expect(page).toHaveURL(/\/exhibit\/signin\/check-email/);
  const signInMail = await readMailbox(request, "neema@kilimobora.co.tz", /\/api\/auth\/callback\/email\?/);
  const link = signInMail.text.match(/https?:\/\/\S+\/api\/auth\/callback\/email\?\S+/)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await expect(page).toHaveURL(/\/exhibit\/portal$/);
  await expect(page.getByRole("heading", { name: "Exhibitor portal" })).toBeVisible();
  await expect(page.getByText(reference)).toBeVisible();
  await expect(page.getByRole("link", { name: "Receipt (PDF)" })).toBeVisible();
  await page.getByRole("link", { name: "Staff passes and details" }).tap();
  await expect(page.getByRole("heading", { name: "Staff passes" })).toBeVisible();
  const portalPasses = page.getByRole("region", { name: "Staff passes" }).getByRole("listitem");
  await expect(portalPasses).toHaveCount(3);
  const portalCodes = await Promise.all(
    (await portalPasses.all()).map(async (pass) =>
      decodeQr(await pass.getByRole("img", { name: /QR code/ }).screenshot()),
    ),
  );
  expect(new Set(portalCodes)).toEqual(new Set(codes));
  await page.screenshot({ path: "test-results/booth-portal.png", fullPage: true });
});

test("a booth taken while the exhibitor is typing: they are told, the plan refreshes, their details stay", async ({
  page,
  request,
}) => {
  const standard = await freeBooth(request, "standard");
  await page.goto(`/exhibit/${DAR}`);
  await page.getByRole("link", { name: `Book booth ${standard.code}` }).tap();
  await expect(page.getByTestId("selected-booth")).toHaveText(`Booth ${standard.code} · Standard`);
  await fillBooking(page, {
    company: "Pwani Crafts",
    contact: "Juma Ally",
    email: "juma@pwani.co.tz",
    phone: "0754 765 432",
  });

  // Someone else's order holds it first.
  const rival = await request.post("/api/orders", {
    data: {
      eventSlug: DAR,
      booths: [{ boothId: standard.id, company: "Rival Ltd" }],
      buyer: { name: "Rival", email: "rival@example.com", phone: "0754 111 222" },
    },
  });
  expect(rival.status()).toBe(201);

  await page.getByRole("button", { name: `Book booth ${standard.code}` }).tap();
  await expect(page.getByRole("alert").filter({ hasText: `Booth ${standard.code} was just taken` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/exhibit/${DAR}$`));
  const row = page
    .getByRole("table", { name: /Booths with size/ })
    .getByRole("row", { name: new RegExp(`^${standard.code}\\b`) });
  await expect(row).toContainText("Held");

  // Another booth, and the typing is still there.
  const other = await freeBooth(request, "standard");
  await page.getByRole("link", { name: `Book booth ${other.code}` }).tap();
  await expect(page.getByTestId("selected-booth")).toHaveText(`Booth ${other.code} · Standard`);
  await expect(page.getByLabel("Company name")).toHaveValue("Pwani Crafts");
  await expect(page.getByText(/was just taken/)).toHaveCount(0);
});
