import { expect, type Page } from "@playwright/test";
import { answerPrompt, freshPhone, money, NAIROBI, test, ticketType } from "./helpers";
import { BOX_OFFICE } from "./sessions";

/**
 * A shift at the door, on a phone and on a tablet: the demo cashier signs in, opens a shift with a float,
 * sells two tickets for cash and one by M-Pesa prompt (approved on the virtual phone), prints the cash
 * receipt, and closes the shift to see the cash-up.
 */
const SIZES = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "tablet", viewport: { width: 820, height: 1180 } },
];

async function signIn(page: Page) {
  await page.goto("/signin");
  await page.getByLabel("E-mail").fill(BOX_OFFICE.email);
  await page.getByLabel("Password").fill(BOX_OFFICE.password);
  await page.getByRole("button", { name: /Sign in/ }).click();
  await expect(page).toHaveURL(/\/box-office$/);
  // The till is interactive once hydrated; typing before that would be lost.
  await page.waitForLoadState("networkidle");
}

/** Closes a shift left open for the event (another spec's sale), so this one starts with its own float. */
async function freshShift(page: Page, float: string) {
  await page.getByLabel("Event").selectOption(NAIROBI);
  const leftOpen = page.getByText("Close shift", { exact: true });
  if (await leftOpen.isVisible()) {
    await leftOpen.click();
    await page.getByLabel(/Cash counted in the drawer/).fill("0");
    await page.getByRole("button", { name: "Close shift and cash up" }).click();
    await expect(page.getByRole("heading", { name: "Shift closed: cash-up" })).toBeVisible();
  }
  await page.getByLabel(/Cash float in the drawer/).fill(float);
  await page.getByRole("button", { name: "Open shift" }).click();
  await expect(page.getByRole("heading", { name: "Tickets" })).toBeVisible();
}

for (const size of SIZES) {
  test.describe(`box office on a ${size.name}`, () => {
    test.use({ viewport: size.viewport });

    test("open a shift, sell for cash and by M-Pesa prompt, print the receipt, close and cash up", async ({
      page,
      request,
    }) => {
      test.setTimeout(120_000);
      const regular = await ticketType(request, NAIROBI, "Regular");
      await signIn(page);
      await expect(page.getByRole("banner").getByRole("link", { name: "Box office" })).toHaveAttribute(
        "href",
        "/box-office",
      );
      await freshShift(page, "5000");

      // Two tickets for cash: the change is shown before and after the sale.
      const add = page.getByRole("button", { name: "Add one Regular" });
      await add.click();
      await add.click();
      await expect(page.getByRole("status", { name: "Regular quantity" })).toHaveText("2");
      const cashTotal = regular.price * 2;
      await page.getByLabel(/Cash tendered/).fill(String(cashTotal / 100 + 500));
      await expect(page.getByTestId("change")).toHaveText(`Change ${money(500_00, "KES")}`);
      await page.getByRole("button", { name: /^Sell/ }).click();
      await expect(page.getByRole("heading", { name: "Paid" })).toBeVisible();
      await expect(page.getByTestId("sale-change")).toHaveText(`Change ${money(500_00, "KES")}`);
      await expect(page.getByRole("list", { name: "Tickets" }).getByRole("listitem")).toHaveCount(2);
      const receiptUrl = await page.getByRole("link", { name: "Receipt" }).getAttribute("href");

      // The receipt as the 80 mm printer gets it: the receipt alone, with cashier, cash and change.
      const receipt = await page.context().newPage();
      await receipt.emulateMedia({ media: "print" });
      await receipt.goto(receiptUrl!);
      const slip = receipt.getByRole("article", { name: "Receipt" });
      await expect(slip).toBeVisible();
      await expect(slip).toContainText(/Receipt [A-Z0-9-]+/);
      await expect(slip).toContainText("Box office");
      await expect(slip.getByTestId("receipt-total")).toHaveText(money(cashTotal, "KES"));
      await expect(slip).toContainText(`Tendered${money(cashTotal + 500_00, "KES")}`);
      await expect(slip).toContainText(`Change${money(500_00, "KES")}`);
      await expect(receipt.getByRole("banner")).toBeHidden();
      await expect(receipt.getByRole("button", { name: "Print receipt" })).toBeHidden();
      const width = await slip.evaluate((el) => el.getBoundingClientRect().width);
      // 72 mm of print area at 96 px per inch.
      expect(Math.round(width)).toBe(Math.round((72 / 25.4) * 96));
      await receipt.close();

      // One ticket by M-Pesa prompt, approved on the virtual phone; the till updates by itself.
      await page.getByRole("button", { name: "New sale" }).click();
      await add.click();
      await page.getByRole("button", { name: "M-Pesa prompt" }).click();
      await page.getByLabel(/Buyer's phone/).fill(freshPhone());
      await page.getByRole("button", { name: /^Sell/ }).click();
      await expect(page.getByRole("heading", { name: "Waiting for payment…" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Resend prompt" })).toBeVisible();
      await expect(page.getByRole("button", { name: "Switch to cash" })).toBeVisible();
      const reference = (await page.getByTestId("sale-reference").textContent())!;
      await answerPrompt(request, reference);
      await expect(page.getByRole("heading", { name: "Paid" })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByText(/M-Pesa receipt [A-Z0-9]{10}/)).toBeVisible();

      // Close with exactly the expected cash: float + the cash sale; M-Pesa apart.
      await page.getByRole("button", { name: "New sale" }).click();
      await page.getByText("Close shift", { exact: true }).click();
      await page.getByLabel(/Cash counted in the drawer/).fill(String(5000 + cashTotal / 100));
      await page.getByRole("button", { name: "Close shift and cash up" }).click();
      const cashUp = page.getByRole("region", { name: "Shift closed: cash-up" });
      await expect(cashUp).toBeVisible();
      const row = (label: string) =>
        cashUp
          .locator("dt")
          .filter({ hasText: new RegExp(`^${label}$`) })
          .locator("xpath=following-sibling::dd[1]");
      await expect(row("Expected cash")).toHaveText(money(500_000 + cashTotal, "KES"));
      await expect(row("Difference")).toHaveText(money(0, "KES"));
      await expect(row("Total M-Pesa")).toHaveText(money(regular.price, "KES"));
      await expect(row("Sales")).toHaveText("2");
      await expect(row("Tickets")).toHaveText("3");
      // And the till offers a new shift.
      await expect(page.getByRole("button", { name: "Open shift" })).toBeVisible();
    });
  });
}
