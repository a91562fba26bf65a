import { expect, type Page } from "@playwright/test";

// axe-core, WCAG 2.1 A and AA, no serious or critical violation: run on every page by e2e/audit.ts,
// and by name where a spec wants a state checked.
export { expectAccessible } from "./audit";

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
