import { describe, expect, it } from "vitest";
import { acceptedLanguages, chooseLocale } from "./negotiate";

describe("choosing the language", () => {
  it("answers Kiswahili to a browser set to Kiswahili in Kenya or Tanzania", () => {
    expect(chooseLocale({ acceptLanguage: "sw-KE,sw;q=0.9,en;q=0.8" })).toBe("sw");
    expect(chooseLocale({ acceptLanguage: "sw-TZ" })).toBe("sw");
    expect(chooseLocale({ acceptLanguage: "sw" })).toBe("sw");
  });

  it("answers English to English, to languages Lango does not speak, and to no header", () => {
    expect(chooseLocale({ acceptLanguage: "en-KE,en;q=0.9" })).toBe("en");
    expect(chooseLocale({ acceptLanguage: "fr-RW,fr;q=0.9" })).toBe("en");
    expect(chooseLocale({ acceptLanguage: "fr-RW,sw;q=0.5" })).toBe("sw");
    expect(chooseLocale({})).toBe("en");
  });

  it("follows the browser's ranking, not the order of the header", () => {
    expect(acceptedLanguages("en;q=0.3, sw;q=0.8")).toEqual(["sw", "en"]);
    expect(chooseLocale({ acceptLanguage: "en;q=0.3, sw;q=0.8" })).toBe("sw");
  });

  it("never picks a language the browser refused with q=0", () => {
    expect(chooseLocale({ acceptLanguage: "sw;q=0, en;q=0.5" })).toBe("en");
  });

  it("lets a shared ?lang= link win over the cookie, and the cookie over the browser", () => {
    expect(chooseLocale({ query: "sw", cookie: "en", acceptLanguage: "en" })).toBe("sw");
    expect(chooseLocale({ cookie: "sw", acceptLanguage: "en" })).toBe("sw");
    expect(chooseLocale({ query: "de", cookie: "sw" })).toBe("sw");
    expect(chooseLocale({ query: "xx", cookie: "yy", acceptLanguage: "zz" })).toBe("en");
  });
});
