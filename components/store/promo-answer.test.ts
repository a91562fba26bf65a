import { describe, expect, it } from "vitest";
import { getTranslator } from "@/lib/i18n/translator";
import type { Locale } from "@/lib/i18n/config";
import { guessLimitReason, readPromoAnswer } from "./promo-answer";

// What GET /api/events/{slug}?promo= answers a client over the guess limit (lib/promo/promo-guesses.db.test.ts).
const TOO_MANY =
  "Too many promo codes that do not exist have been tried from your network. Check the code you were given, and try again in a few minutes.";
const overLimit = (message: string) =>
  new Response(JSON.stringify({ error: { code: "rate_limited", message, retryAfterSeconds: 600 } }), {
    status: 429,
    headers: { "content-type": "application/json" },
  });

async function wordsIn(lang: Locale) {
  const t = await getTranslator(lang);
  return { unreachable: t("store.promo.unreachable"), tooManyTries: t("store.promo.tooManyTries") };
}

describe("the event page's promo code field", () => {
  it("a 429 rate_limited says the server's reason, not that the code could not be checked", async () => {
    const words = await wordsIn("en");
    expect(await readPromoAnswer(overLimit(TOO_MANY), "en", words)).toEqual({ error: TOO_MANY });
    expect(words.tooManyTries).toBe(TOO_MANY);
  });

  it("in Kiswahili it says what this limit means, not the API's generic 'too many requests'", async () => {
    const words = await wordsIn("sw");
    const generic = (await getTranslator("sw"))("errors.rate_limited");
    const answer = await readPromoAnswer(overLimit(generic), "sw", words);
    expect(answer).toEqual({
      error:
        "Misimbo mingi mno ya punguzo isiyokuwepo imejaribiwa kutoka kwenye mtandao unaotumia. Kagua msimbo uliopewa, kisha ujaribu tena baada ya dakika chache.",
    });
    expect(guessLimitReason(undefined, "en", words.tooManyTries)).toBe(words.tooManyTries);
  });

  it("another 429, a 5xx or a page that is not JSON is still 'couldn't check that code'", async () => {
    const words = await wordsIn("en");
    const other = new Response(JSON.stringify({ error: { code: "payment_in_progress", message: "…" } }), {
      status: 429,
    });
    expect(await readPromoAnswer(other, "en", words)).toEqual({ error: words.unreachable });
    expect(await readPromoAnswer(new Response("<html>Bad gateway</html>", { status: 502 }), "en", words)).toEqual({
      error: words.unreachable,
    });
    expect(await readPromoAnswer(new Response("null", { status: 200 }), "en", words)).toEqual({
      error: words.unreachable,
    });
  });

  it("an answer with the promo, valid or not, is passed on with its ticket types", async () => {
    const promo = { code: "NOPE", valid: false, error: { code: "promo_invalid", message: "Not valid." } };
    const res = new Response(JSON.stringify({ ticketTypes: [], promo }), { status: 200 });
    expect(await readPromoAnswer(res, "en", await wordsIn("en"))).toEqual({ promo, ticketTypes: [] });
  });
});
