import { expect } from "@playwright/test";
import { expectNoSidewaysScroll } from "./axe";
import { test } from "./helpers";
import { ADMIN, STAFF } from "./sessions";

async function signInAt(page: import("@playwright/test").Page, who: { email: string; password: string }) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
}

test("an admin who signs in lands in the admin and finds the way back from the public pages", async ({ page }) => {
  await signInAt(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await page.goto("/");
  const back = page.getByRole("banner").getByRole("link", { name: "Admin" });
  await expect(back).toBeVisible();
  await back.click();
  await expect(page).toHaveURL(/\/admin$/);
  // Signing out forgets the way back.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
});

test("gate staff land on the scanner, and a sign-in link with a destination still goes there", async ({ page }) => {
  await signInAt(page, STAFF);
  await expect(page).toHaveURL(/\/admin\/checkin$/);
  await expect(page.getByRole("heading", { name: "Gate check-in" })).toBeVisible();
  await page.goto("/events/nairobi-tech-summit");
  await expect(page.getByRole("banner").getByRole("link", { name: "Scanner" })).toHaveAttribute(
    "href",
    "/admin/checkin",
  );
  // The scanner's own fields are labelled for everyone, not only by placeholders.
  await page.goto("/admin/checkin");
  await expect(page.getByText("Ticket code", { exact: true })).toBeVisible();
  await expect(page.getByText("Name or order reference", { exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Ready to scan.");
  const colours = await page
    .getByRole("status")
    .evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
  // Dark text on a light panel (it was white on light grey); axe-core checks the contrast of each result.
  expect(colours[0]).not.toBe("rgb(255, 255, 255)");
  await expect(page.getByLabel("Ticket code")).toBeEditable();
  await expect(page.getByLabel("Name or order reference")).toBeEditable();

  // On a 320 px phone both fields are whole and nothing scrolls sideways (they were cut at the edge).
  await page.setViewportSize({ width: 320, height: 640 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "Gate check-in" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  for (const field of [page.getByLabel("Ticket code"), page.getByLabel("Name or order reference")]) {
    const box = (await field.boundingBox())!;
    expect(box.x, "the field starts on the screen").toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, "the field ends on the screen").toBeLessThanOrEqual(320);
    expect(box.width, "the field has room to type in").toBeGreaterThanOrEqual(120);
  }
  await page.setViewportSize({ width: 390, height: 844 });

  await page.context().clearCookies();
  await page.goto("/signin?callbackUrl=%2Fadmin%2Fcheckin%2Fconflicts");
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page).toHaveURL(/\/admin\/checkin\/conflicts$/);
});
