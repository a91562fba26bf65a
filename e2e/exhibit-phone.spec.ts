import fs from "node:fs";
import { expect, type Locator, type Page } from "@playwright/test";
import { PDFDocument } from "pdf-lib";
import { pdfText } from "../lib/documents/pdf-text.testkit";
import { expectAccessible, expectNoSidewaysScroll } from "./axe";
import { DAR, paidNairobiOrder, test } from "./helpers";
import { ADMIN, payOnDpo, signIn, signInExhibitor } from "./sessions";

/**
 * The exhibitor's floor plan, portal and the admin on a 390 × 844 phone, with a keyboard too: labels big
 * enough to read, the focused booth kept in view, the form shown after a choice, staff passes renamed and
 * printed, and no page wider than the screen. axe-core checks each page it visits.
 */

const plan = (page: Page) => page.getByRole("region", { name: "Floor plan of Exhibition Hall A" });

/** The booth codes drawn on the plan as they measure on screen now, in CSS px (hidden ones left out). */
const shownLabelSizes = (page: Page) =>
  page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('[role="region"] svg')!;
    const unit = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll("text[data-booth-code]")]
      .filter((t) => getComputedStyle(t).visibility !== "hidden")
      .map((t) => Number(t.getAttribute("font-size")) * unit);
  });

async function inside(inner: Locator, outer: Locator): Promise<boolean> {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  return a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.width <= b.x + b.width + 1 && a.y + a.height <= b.y + b.height + 1;
}

test.beforeEach(async ({ request }) => {
  expect((await request.post("/sim/api/reset", { data: {} })).ok()).toBe(true);
});

test("the floor plan on a phone: readable labels, keyboard zoom and pan, the focused booth in view, the form after a choice", async ({
  page,
}) => {
  await page.goto(`/exhibit/${DAR}`);
  await expect(page.getByRole("heading", { name: "Book a booth", level: 1 })).toBeVisible();
  await expectNoSidewaysScroll(page);
  // The whole hall on 390 px: booths too small to label legibly are drawn without a label, and the hint
  // says to zoom. No label is a 4-7 px smudge. (The plan sizes its labels once its script runs, which
  // the hint shows: measured before that, the server's drawing would be measured.)
  await expect(page.getByText("Zoom in to read the booth numbers.")).toBeVisible();
  for (const size of await shownLabelSizes(page)) expect(size).toBeGreaterThanOrEqual(12);
  // The list fits the screen: no table wider than the phone.
  const list = page.getByRole("table", { name: /Booths with size/ });
  expect((await list.boundingBox())!.width).toBeLessThanOrEqual(390);
  await expectAccessible(page);

  // A marker that survives only while this stays the same document: a full reload would drop it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  // Zoom in twice: now the labels are drawn, and readable.
  await page.getByRole("button", { name: "Zoom in" }).tap();
  await page.getByRole("button", { name: "Zoom in" }).tap();
  const sizes = await shownLabelSizes(page);
  expect(sizes.length).toBeGreaterThan(0);
  for (const size of sizes) expect(size).toBeGreaterThanOrEqual(12);

  // Keyboard: from the buttons below the plan, Shift+Tab reaches the last free booth, far off in the
  // zoomed hall; the plan brings it into view.
  const lastFree = plan(page).getByRole("link").last();
  expect(await inside(lastFree, plan(page)), "the far booth starts off-screen").toBe(false);
  await page.getByRole("button", { name: "Show the whole hall" }).focus();
  await page.keyboard.press("Shift+Tab");
  await expect(lastFree).toBeFocused();
  await expect.poll(() => inside(lastFree, plan(page)), { message: "the focused booth is in view" }).toBe(true);
  const code = /^Booth ([A-Z0-9]+):/.exec((await lastFree.getAttribute("aria-label"))!)![1];
  const label = lastFree.locator("text[data-booth-code]");
  await expect(label).toHaveText(code);
  await expect(label).not.toHaveCSS("visibility", "hidden");

  // The plan itself pans with the arrow keys.
  await plan(page).focus();
  const before = (await lastFree.boundingBox())!;
  // (The far booth sits at the hall's right edge, so the plan can only move back the other way.)
  await page.keyboard.press("ArrowLeft");
  await expect.poll(async () => (await lastFree.boundingBox())!.x).toBeGreaterThan(before.x + 30);
  await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await lastFree.boundingBox())!.x).toBeCloseTo(before.x, 0);

  // Enter on the booth chooses it: the booking form comes into view, without a page load.
  await lastFree.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("selected-booth")).toHaveText(new RegExp(`^Booth ${code} · `));
  await expect(page.getByRole("heading", { name: "Your booking" })).toBeInViewport();
  await expect(page.getByRole("heading", { name: "Your booking" })).toBeFocused();
  await expect(page.getByLabel("Company name")).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // A tap on the whole hall's plan does the same.
  await page.getByRole("button", { name: "Show the whole hall" }).tap();
  await plan(page).scrollIntoViewIfNeeded();
  const other = plan(page).getByRole("link").first();
  const otherCode = /^Booth ([A-Z0-9]+):/.exec((await other.getAttribute("aria-label"))!)![1];
  await other.tap();
  await expect(page.getByTestId("selected-booth")).toHaveText(new RegExp(`^Booth ${otherCode} · `));
  await expect(page.getByRole("heading", { name: "Your booking" })).toBeInViewport();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await page.screenshot({ path: "test-results/exhibit-phone-plan.png", fullPage: true });

  // On the narrowest phones too, nothing widens the page (the list's hidden "Available." words included).
  await page.setViewportSize({ width: 320, height: 640 });
  await page.reload();
  await expectNoSidewaysScroll(page);
});

test("an exhibitor renames a staff pass and downloads the passes as a PDF in the portal", async ({
  page,
  request,
  playwright,
  baseURL,
}) => {
  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN);
  const email = "passes.exhibitor@example.com";
  const { reference } = await signInExhibitor(page.request, admin, request, email, "Kilimo Bora Ltd");
  await payOnDpo(request, reference);
  await admin.dispose();

  await page.goto("/exhibit/portal");
  await expect(page.getByRole("heading", { name: "Exhibitor portal" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Staff passes and details" }).first().tap();
  await expect(page).toHaveURL(new RegExp(`/exhibit/portal/bookings/${reference}$`));
  const passes = page.getByRole("region", { name: "Staff passes" }).getByRole("listitem");
  const count = await passes.count();
  expect(count).toBeGreaterThan(0);
  await expectAccessible(page);

  // Rename the first pass to the person who will wear it.
  const first = passes.first();
  await first.getByRole("button", { name: "Change name" }).tap();
  await first.getByLabel("Attendee name").fill("Neema Mushi");
  await first.getByRole("button", { name: "Save" }).tap();
  await expect(first).toContainText("Neema Mushi");
  await page.reload();
  await expect(passes.first()).toContainText("Neema Mushi");
  await expectNoSidewaysScroll(page);

  // Download: one A6 page per pass, each a staff pass, the new name on it.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the passes (PDF)" }).tap();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`staff-passes-${reference}.pdf`);
  const pdf = fs.readFileSync((await download.path())!);
  expect((await PDFDocument.load(pdf)).getPageCount()).toBe(count);
  const text = await pdfText(pdf);
  expect(text).toContain("Neema Mushi");
  expect(text).toContain(`Order ${reference} - staff pass 1 of ${count}`);

  // Someone else cannot print them: signed out, the PDF asks for a sign-in.
  expect((await request.get(`/exhibit/portal/bookings/${reference}/passes.pdf`)).status()).toBe(401);
});

test("the admin on a phone: gateway health in words, the dashboard's tables reachable and no wider than 320 px", async ({
  page,
  request,
}) => {
  await paidNairobiOrder(request, ["Health Buyer"], { email: "health@example.com", phone: "0711 000 321" });
  await signIn(page.request, ADMIN);

  await page.goto("/admin/gateways");
  const mpesa = page.locator("section", { has: page.locator("#gateway-daraja") });
  await expect(mpesa.getByText("Buyers who paid")).toBeVisible();
  await expect(mpesa).not.toContainText(" × ");
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);

  await page.goto("/admin");
  await expectAccessible(page);
  // The ticket-type table scrolls in its own box, which the keyboard reaches.
  const table = page.getByRole("region", { name: "Sales by ticket type, table" });
  await table.focus();
  await expect(table).toBeFocused();
  await expect(table).toHaveAttribute("tabindex", "0");
  await page.setViewportSize({ width: 320, height: 640 });
  await page.reload();
  await expectNoSidewaysScroll(page);
});
