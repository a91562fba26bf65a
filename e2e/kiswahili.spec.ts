import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { answerChoices, answerPrompt, freshPhone, NAIROBI, resetSimulators, test } from "./helpers";
import { readMailbox } from "./sessions";

/**
 * Issue 18: a buyer whose browser asks for Kiswahili buys a ticket on a phone from the event page to the
 * tickets without meeting a sentence of English. The scan takes every English message of the buyer's
 * screens and looks for it on the page; brand and payment names (M-Pesa, Lipa na M-Pesa, PIN) are the
 * same in both files and so never count, and organiser texts are not messages.
 */

type Tree = { [key: string]: string | Tree };
const read = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", `${locale}.json`), "utf8")) as Tree;
const flat = (tree: Tree, prefix = ""): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v]] : flat(v, `${prefix}${k}.`),
  );

/** The buyer's namespaces; the exhibitor, scanner and e-mail ones are other screens. */
const BUYER_NAMESPACES = ["common", "store", "checkout", "payment", "order", "tickets", "errors", "fields"];

/** The e-mail's namespaces: what every e-mail says, and the confirmation's own words. */
const CONFIRMATION_NAMESPACES = ["email.common", "email.confirmation"];

const inNamespaces = (key: string, namespaces: string[]) => namespaces.some((ns) => key.startsWith(`${ns}.`));

/**
 * A message's literal text, "\n" where it has something else: its variables (`{name}`), the heads of its
 * plurals and selects (`{count, plural,`) and their branch names (`one {`), and `#`. Branches are literal.
 */
function icuLiteral(message: string, from = 0, nested = false): [string, number] {
  let out = "";
  let i = from;
  while (i < message.length) {
    const c = message[i];
    if (c === "}" && nested) return [out, i];
    if (c === "#") {
      out += "\n";
      i++;
    } else if (c !== "{") {
      out += c;
      i++;
    } else {
      const close = message.indexOf("}", i);
      const comma = message.indexOf(",", i);
      out += "\n";
      if (comma === -1 || close < comma) {
        i = close + 1; // {name}
        continue;
      }
      i = message.indexOf(",", comma + 1) + 1; // past "{count, plural,"
      for (;;) {
        while (/\s/.test(message[i])) i++;
        if (message[i] === "}" || i >= message.length) break;
        const [branch, end] = icuLiteral(message, message.indexOf("{", i) + 1, true);
        out += `${branch}\n`;
        i = end + 1;
      }
      i++;
    }
  }
  return [out, i];
}

/** The literal text of a message (outside its variables and <tags>) in phrases and long words. */
function literalParts(message: string): string[] {
  return icuLiteral(message)[0]
    .replace(/<\/?\w+>/g, "\n")
    .split(/\n|, (?=[a-z]+\b)/)
    .map((part) => part.trim().replace(/^[\s.,:;·–—()-]+|[\s.,:;·–—()-]+$/g, ""))
    .filter((text) => {
      const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
      // One short word ("Pay", "Open") is too likely to be part of a name; a phrase or a long word is not.
      return words.length >= 2 || (words.length === 1 && words[0].length >= 6);
    });
}

/** The literal English of each message in `namespaces`, where Kiswahili says it differently. */
function englishFragments(namespaces = BUYER_NAMESPACES): string[] {
  const swahili = new Map(flat(read("sw")));
  // Literal text only: a variable's name ("{hasReceipt, …}") is not Kiswahili that happens to say "Receipt".
  const swahiliText = [...swahili.values()].map((m) => icuLiteral(m)[0]).join("\n");
  const fragments = new Set<string>();
  for (const [key, english] of flat(read("en"))) {
    if (!inNamespaces(key, namespaces) || swahili.get(key) === english) continue;
    for (const text of literalParts(english)) if (!swahiliText.includes(text)) fragments.add(text);
  }
  return [...fragments];
}

/** The Kiswahili phrases of one message, for finding it in a text. */
const swahiliParts = (key: string) => {
  const message = new Map(flat(read("sw"))).get(key);
  if (!message) throw new Error(`no ${key} in sw.json`);
  return literalParts(message);
};

const ENGLISH = englishFragments();
const ENGLISH_IN_MAIL = englishFragments(CONFIRMATION_NAMESPACES);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const englishIn = (text: string, fragments = ENGLISH) =>
  fragments.filter((fragment) => new RegExp(`(^|[^\\p{L}])${escape(fragment)}($|[^\\p{L}])`, "u").test(text));

async function englishLeftOn(page: Page): Promise<string[]> {
  return englishIn(await page.locator("body").innerText());
}

test.describe("issue 18: GET /events/{slug} in the language asked for", () => {
  test("Accept-Language sw-KE and ?lang=sw give the Kiswahili page; ?lang=en the English one", async ({ request }) => {
    expect(ENGLISH.length).toBeGreaterThan(100);
    expect(ENGLISH_IN_MAIL).toEqual(
      expect.arrayContaining(["Your tickets for", "View your tickets", "Add to calendar"]),
    );
    for (const [url, headers] of [
      [`/events/${NAIROBI}`, { "accept-language": "sw-KE,sw;q=0.9,en;q=0.8" }],
      [`/events/${NAIROBI}?lang=sw`, { "accept-language": "en-KE" }],
    ] as const) {
      const res = await request.get(url, { headers });
      expect(res.status()).toBe(200);
      expect(res.headers()["content-language"]).toBe("sw");
      const html = await res.text();
      expect(html).toMatch(/<html lang="sw"/);
      expect(html).toContain("Siku mbili za mihadhara");
      expect(html).toContain("Mkutano wa Teknolojia Nairobi");
      expect(html).toContain(">Endelea<");
      expect(html).toContain("Ongeza tiketi moja ya Kawaida");
    }
    const en = await request.get(`/events/${NAIROBI}?lang=en`, {
      headers: { "accept-language": "sw-KE", cookie: "lang=sw" },
    });
    const html = await en.text();
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain("Two days of talks");
    expect(html).toContain(">Checkout<");
    expect(html).not.toContain("Siku mbili za mihadhara");
  });
});

test.describe("issue 18: a whole purchase in Kiswahili on a phone", () => {
  test.use({ locale: "sw-KE" });

  test.beforeEach(async ({ request }) => resetSimulators(request));
  test.afterEach(async ({ request }) => resetSimulators(request));

  test("event page, checkout, the M-Pesa prompt, paid, tickets: no English left", async ({ page, request }) => {
    const consoleErrors: string[] = [];
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });

    await page.goto(`/events/${NAIROBI}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "sw");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mkutano wa Teknolojia Nairobi");
    const add = page.getByRole("button", { name: "Ongeza tiketi moja ya Kawaida" });
    await add.click();
    await expect(page.getByRole("status", { name: "Idadi ya tiketi za Kawaida" })).toHaveText("1");
    await expect(page.getByText("Tiketi 1", { exact: true })).toBeVisible();
    expect(await englishLeftOn(page), "English on the event page").toEqual([]);

    await page.getByRole("link", { name: "Endelea" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kamilisha ununuzi");
    // Nothing typed yet: the form says what is missing in Kiswahili.
    await page.getByRole("button", { name: /Weka agizo/ }).click();
    await expect(page.getByText("Weka jina lako.")).toBeVisible();
    await page.getByLabel("Jina kamili").fill("Neema Mwakasege");
    // An address of this run's own, so the mailbox holds this order's e-mail and no other's.
    const email = `neema.${Date.now()}@example.com`;
    await page.getByLabel("Barua pepe").fill(email);
    await page.getByLabel("Nambari ya simu").fill(freshPhone("071"));
    await answerChoices(page);
    expect(await englishLeftOn(page), "English at checkout").toEqual([]);
    await page.getByRole("button", { name: /Weka agizo/ }).click();

    await expect(page).toHaveURL(/\/orders\/LG[A-Z2-9]{8}$/);
    const reference = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByText("Linasubiri malipo")).toBeVisible();
    await expect(page.getByText("Tiketi ya Kawaida")).toBeVisible();
    expect(await englishLeftOn(page), "English on the order page").toEqual([]);

    await page.getByRole("radio", { name: /M-Pesa/ }).check();
    await page.getByRole("button", { name: "Lipa kwa M-Pesa" }).click();
    const waiting = page.getByRole("region", { name: /Angalia simu yako/ });
    await expect(waiting).toBeVisible();
    await expect(waiting).toContainText("Angalia simu yako na uweke PIN yako ya M-Pesa ili ulipe KES");
    await expect(waiting.getByRole("timer", { name: "Muda uliobaki wa kujibu" })).toBeVisible();
    expect(await englishLeftOn(page), "English on the waiting screen").toEqual([]);

    // A wrong PIN on the phone: the reason comes back in Kiswahili (the gateway's own reason is English).
    await answerPrompt(request, reference, "wrong_pin");
    await expect(page.getByText("Malipo yameshindikana")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("PIN ya M-Pesa uliyoweka si sahihi. Jaribu tena.")).toBeVisible();
    expect(await englishLeftOn(page), "English in the failure reason").toEqual([]);

    await page.getByRole("button", { name: "Lipa kwa M-Pesa" }).click();
    await expect(page.getByRole("region", { name: /Angalia simu yako/ })).toBeVisible();
    await answerPrompt(request, reference);
    await expect(page.getByText("Limelipwa")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("Umefanikiwa!")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Tiketi zako" })).toBeVisible();
    expect(await englishLeftOn(page), "English on the paid order").toEqual([]);

    await page.getByRole("link", { name: "Ukurasa wa tiketi: PDF, kalenda na risiti" }).click();
    await expect(page.getByRole("link", { name: "Weka kwenye kalenda" })).toBeVisible();
    await expect(page.getByText("Tiketi 1 kati ya 1")).toBeVisible();
    expect(await englishLeftOn(page), "English on the tickets page").toEqual([]);

    // The confirmation e-mail in the buyer's mailbox is in Kiswahili too, subject and body, with the
    // organiser's Kiswahili event name and not a sentence of the English e-mail.
    const mail = await readMailbox(request, email, new RegExp(reference));
    expect(mail.subject).toBe(`Tiketi zako za Mkutano wa Teknolojia Nairobi (agizo ${reference})`);
    for (const key of [
      "email.confirmation.subjectTickets",
      "email.confirmation.viewTickets",
      "email.confirmation.pdf",
      "email.confirmation.calendar",
      "email.confirmation.footer",
    ])
      for (const words of swahiliParts(key)) expect(`${mail.subject}\n${mail.text}`, key).toContain(words);
    expect(mail.text).toContain("Neema Mwakasege");
    expect(mail.text).toContain("Kawaida · tiketi 1 kati ya 1");
    expect(englishIn(mail.subject, ENGLISH_IN_MAIL), "English in the e-mail's subject").toEqual([]);
    // Its links' addresses (…/receipt.pdf) are not words the buyer reads.
    const prose = mail.text.replace(/https?:\/\/\S+/g, " ");
    expect(englishIn(prose, ENGLISH_IN_MAIL), "English in the e-mail").toEqual([]);
    expect(mail.text).not.toContain("Nairobi Tech Summit");

    // The switch takes the same page back to English, and the choice sticks.
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("link", { name: "Add to calendar" })).toBeVisible();
    await page.goto(`/events/${NAIROBI}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    expect(consoleErrors, "console errors on the buyer's pages").toEqual([]);
  });
});
