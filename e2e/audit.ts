import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import axe from "axe-core";

/**
 * axe-core (WCAG 2.1 A and AA) on every page of ours that an end-to-end test visits, without each spec
 * having to ask: the `test` of every spec (e2e/helpers.ts) comes from here.
 *
 * A page is checked at stable points, never while the test is acting on it: just before the test acts on
 * it (a click, tap, key press, check or choice, any of which may navigate away), before it navigates it
 * (goto, reload, back, forward) or closes it (or its context), and at the end of the test. That way the
 * page a click leaves is checked as the buyer saw it before the click, and the states a page reaches by
 * itself (paid, admitted…) are checked when the test is done with them. Every page of every context the
 * test opens is followed (the second phone, the admin's browser, the stranger's).
 *
 * Checking each state again in every test would double the suite's time, so a state is checked once per
 * run: a fingerprint of what axe looks at (elements, roles, classes, ARIA and label attributes, inline
 * colours, whether an element has text) skips a page already checked in the same shape, whatever the
 * names, amounts and references in it. Repeated siblings (rows of a list) count once.
 *
 * Any serious or critical violation fails the test that met it, naming the page, the moment, the rule and
 * the elements.
 */

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Pages that are not Lango's: the simulators' pages under /sim stand in for the gateways' own hosted
 * checkouts and the buyer's phone, and copy their look, not ours. Files (PDF, calendar, CSV, images) and
 * JSON answers are not pages.
 */
function isOurPage(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  if (/^\/(sim|api|media|_next)(\/|$)/.test(u.pathname)) return false;
  return !/\.(pdf|ics|csv|png|jpe?g|webp|svg|json|txt)$/i.test(u.pathname);
}

/** Fingerprints already checked in this run (one worker runs the whole suite: playwright.config.ts). */
const checked = new Set<string>();

/** Runs in the page: the shape of the document as axe sees it, hashed; null for what is not an HTML page. */
function fingerprint(): string | null {
  if (document.contentType !== "text/html" || !document.body) return null;
  // Kept until the document next changes: most actions follow others on a page that has not moved.
  const kept = window as unknown as { __auditPrint?: string; __auditWatch?: MutationObserver };
  if (kept.__auditWatch && kept.__auditPrint) return kept.__auditPrint;
  // Attributes whose value changes what axe finds; of the others only whether they are there and filled.
  const valued = new Set([
    "role",
    "type",
    "tabindex",
    "hidden",
    "disabled",
    "inert",
    "open",
    "lang",
    "dir",
    "scope",
    "colspan",
    "rowspan",
    "fill",
    "stroke",
    "color",
    "aria-hidden",
    "aria-expanded",
    "aria-invalid",
    "aria-disabled",
    "aria-live",
    "aria-checked",
    "aria-selected",
    "aria-current",
    "aria-modal",
    "aria-pressed",
  ]);
  const present = new Set(["id", "for", "href", "alt", "title", "name", "placeholder", "src", "value", "headers"]);
  const styleValued = /color|background|fill|stroke|opacity|visibility|display/;
  const shape = (el: Element): string => {
    let s = el.localName;
    const attrs = [...el.attributes].sort((a, b) => a.name.localeCompare(b.name));
    for (const a of attrs) {
      if (a.name === "class") s += `.${a.value.split(/\s+/).filter(Boolean).sort().join(".")}`;
      else if (a.name === "style") {
        const style = (el as HTMLElement).style;
        const props = [...style].sort().map((p) => (styleValued.test(p) ? `${p}:${style.getPropertyValue(p)}` : p));
        s += `{${props.join(";")}}`;
      } else if (valued.has(a.name)) s += `[${a.name}=${a.value}]`;
      else if (present.has(a.name) || a.name.startsWith("aria-")) s += `[${a.name}${a.value.trim() ? "" : "="}]`;
    }
    if ([...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) s += "~";
    const children: string[] = [];
    for (const child of el.children) {
      const c = shape(child);
      if (children.at(-1) !== c) children.push(c);
    }
    return children.length ? `${s}(${children.join(",")})` : s;
  };
  const text = shape(document.documentElement);
  // cyrb53: enough to tell shapes apart, short to keep.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const print = `${(h2 >>> 0).toString(16)}${(h1 >>> 0).toString(16)}:${text.length}`;
  if (!kept.__auditWatch) {
    kept.__auditWatch = new MutationObserver(() => delete kept.__auditPrint);
    kept.__auditWatch.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }
  kept.__auditPrint = print;
  return print;
}

/** In each frame of the page that does not have it yet (once per document, not once per check). */
async function injectAxe(page: Page) {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate(() => typeof (window as { axe?: unknown }).axe === "object")) continue;
      await frame.evaluate(axe.source);
      await frame.evaluate(() =>
        (window as unknown as { axe: typeof axe }).axe.configure({ allowedOrigins: ["<same_origin>"] }),
      );
    } catch (e) {
      // A frame of another origin (none of ours) is left out; the page itself must be checked.
      if (frame === page.mainFrame()) throw e;
    }
  }
}

/** axe-core over the page as it is now: its serious and critical WCAG 2.1 A/AA violations, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await injectAxe(page);
  return page.evaluate(async (tags) => {
    // A colour caught halfway through a transition (a button fading in, a hover easing out) is no colour the
    // user reads: let finite animations end first (spinners run forever and are left alone), within a second.
    const ending = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
      .map((a) => a.finished.catch(() => undefined));
    await Promise.race([Promise.all(ending), new Promise((r) => setTimeout(r, 1000))]);
    // A page caught while Next swaps its head (a server action's refresh streams the metadata anew) has no
    // title for a moment, which no reader ever meets: wait for it, within a second; a page without one still fails.
    for (let waited = 0; !document.title.trim() && waited < 1000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    const { violations } = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
    });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => {
        const first = v.nodes[0];
        const why = first?.any[0]?.message ?? first?.all[0]?.message ?? first?.none[0]?.message ?? "";
        const where = v.nodes.map((n) => n.target.join(" ")).join(" | ");
        return `${v.id} (${v.impact}): ${v.help} at ${where}${why ? ` — ${why}` : ""}`;
      });
  }, WCAG_21_AA);
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/**
 * axe-core over the page as it is now, against WCAG 2.1 A and AA: fails on any serious or critical
 * violation, naming the rule and the elements. For a state a spec wants checked by name; every page is
 * checked anyway (see above).
 */
export async function expectAccessible(page: Page, what = page.url()) {
  const found = await seriousViolations(page);
  const print = await page.evaluate(fingerprint).catch(() => null);
  if (print) checked.add(print);
  log(page.url(), found.length, what);
  expect(found, `serious or critical accessibility violations on ${what}`).toEqual([]);
}

/** One line per check in axe-audit.log of the output folder (test-results/): path, violations, moment. */
function log(url: string, violations: number, moment: string) {
  try {
    const dir = base.info().project.outputDir;
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(path.join(dir, "axe-audit.log"), `${pathOf(url)}\t${violations}\t${moment}\n`);
  } catch {
    // The log is for reading after a run; a test never fails for it.
  }
}

/** The page went away under the check (navigated, closed): that document is gone, nothing to report. */
const goneAway = (e: unknown) =>
  /destroyed|closed|detached|navigat|Cannot find context|Target crashed/i.test(
    e instanceof Error ? e.message : String(e),
  );

interface Audit {
  pages: Set<Page>;
  busy: Set<Page>;
  problems: string[];
  checks: number;
}

/** The audit of the test running now (one at a time in a worker). */
let current: Audit | undefined;

async function checkpoint(page: Page, moment: string) {
  const audit = current;
  if (!audit || !audit.pages.has(page) || audit.busy.has(page) || page.isClosed() || !isOurPage(page.url())) return;
  audit.busy.add(page);
  try {
    await base.step(
      `axe-core: ${pathOf(page.url())}`,
      async () => {
        let print: string | null = null;
        try {
          print = await page.evaluate(fingerprint);
          if (!print || checked.has(print)) return;
          checked.add(print);
          const url = page.url();
          const started = Date.now();
          const found = await seriousViolations(page);
          audit.checks++;
          log(url, found.length, `${moment} (${Date.now() - started} ms)`);
          if (found.length) audit.problems.push(`${pathOf(url)}, ${moment}:\n    ${found.join("\n    ")}`);
        } catch (e) {
          if (print) checked.delete(print);
          if (!goneAway(e)) audit.problems.push(`${pathOf(page.url())}, ${moment}: axe-core could not check: ${e}`);
        }
      },
      { box: true },
    );
  } finally {
    audit.busy.delete(page);
  }
}

/** Locator actions after which the page may be another one: the page is checked just before them. */
const ACTIONS = ["click", "dblclick", "tap", "press", "check", "uncheck", "setChecked", "selectOption"] as const;
const PATCHED = Symbol("axe-audited");

function patchLocators(page: Page) {
  const proto = Object.getPrototypeOf(page.locator(":root")) as Record<string | symbol, unknown>;
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  for (const name of ACTIONS) {
    const original = proto[name] as (this: Locator, ...args: unknown[]) => Promise<unknown>;
    proto[name] = async function (this: Locator, ...args: unknown[]) {
      await checkpoint(this.page(), `before ${name} on ${this.toString()}`);
      return Reflect.apply(original, this, args);
    };
  }
}

/** Checks the page before the test navigates or closes it, and before key presses. */
function follow(audit: Audit, page: Page) {
  if (audit.pages.has(page)) return;
  audit.pages.add(page);
  for (const name of ["goto", "reload", "goBack", "goForward", "close"] as const) {
    const original = page[name].bind(page) as (...args: unknown[]) => Promise<unknown>;
    (page as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      await checkpoint(page, `before ${name}`);
      return original(...args);
    };
  }
  const press = page.keyboard.press.bind(page.keyboard);
  page.keyboard.press = async (...args: Parameters<typeof press>) => {
    await checkpoint(page, `before pressing ${args[0]}`);
    return press(...args);
  };
}

function followContext(audit: Audit, context: BrowserContext) {
  for (const page of context.pages()) follow(audit, page);
  context.on("page", (page) => follow(audit, page));
  const close = context.close.bind(context);
  context.close = async (...args: Parameters<typeof close>) => {
    for (const page of context.pages()) await checkpoint(page, "before its browser closed");
    return close(...args);
  };
}

export const test = base.extend<{ accessibilityAudit: void }>({
  accessibilityAudit: [
    async ({ browser, page }, use, testInfo) => {
      patchLocators(page);
      const audit: Audit = { pages: new Set(), busy: new Set(), problems: [], checks: 0 };
      current = audit;
      for (const context of browser.contexts()) followContext(audit, context);
      const onContext = (context: BrowserContext) => followContext(audit, context);
      browser.on("context", onContext);
      // (Playwright's `use` returns when the test is over, passed or not.)
      await use();
      // What the test left on screen, unless it already failed (its own error is what matters then).
      if (testInfo.errors.length === 0)
        for (const open of audit.pages) if (!open.isClosed()) await checkpoint(open, "at the end of the test");
      browser.off("context", onContext);
      current = undefined;
      testInfo.annotations.push({ type: "axe-core", description: `${audit.checks} new page states checked` });
      expect(audit.problems, "serious or critical accessibility violations (axe-core, WCAG 2.1 A/AA)").toEqual([]);
    },
    { auto: true },
  ],
});
