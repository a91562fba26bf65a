import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is now: no serious or critical violation. Each one is
 * listed with the elements it found, so a failure says what to fix.
 */
export async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** The page does not scroll sideways: nothing is wider than the screen. */
export async function expectNoSidewaysScroll(page: Page) {
  const { scroll, client, widest } = await page.evaluate(() => {
    const root = document.documentElement;
    // Name the widest element past the edge, so a failure points at the culprit.
    let widest = "";
    let right = root.clientWidth;
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect().right + window.scrollX;
      if (r > right + 0.5) {
        right = r;
        widest = `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").slice(0, 3).join(".")}` : ""} (${Math.round(r)} px)`;
      }
    }
    return { scroll: root.scrollWidth, client: root.clientWidth, widest };
  });
  expect(
    scroll,
    `page ${page.url()} is ${scroll} px wide on a ${client} px screen; widest: ${widest}`,
  ).toBeLessThanOrEqual(client);
}
