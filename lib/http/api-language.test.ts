import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS } from "../errors";
import { getTranslator } from "../i18n/translator";
import { apiRoute, parseWith } from "./api";

const buyer = z.object({ name: z.string().min(1, "Enter your name."), phone: z.string().min(9, "Enter your phone.") });

const soldOut = apiRoute(async () => {
  throw new AppError("sold_out", "Only 2 Regular tickets left.", undefined, { ticketTypeId: "tt_1", available: 2 });
});
const order = apiRoute(async (req) => Response.json(parseWith(buyer, await req.json(), "order")));
const crash = apiRoute(async () => {
  throw new Error("database fell over");
});

const post = (url: string, headers: Record<string, string>, body: unknown = {}) =>
  new Request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const read = async (res: Response) =>
  (await res.json()) as {
    error: { code: string; message: string; fields?: Record<string, string> } & Record<string, unknown>;
  };

describe("issue 18: an API error's message follows the caller's language; its code never changes", () => {
  it("answers in English, word for word as before, with no language asked and to English browsers", async () => {
    const browsers: Record<string, string>[] = [
      {},
      { "accept-language": "en-KE,en;q=0.9" },
      { "accept-language": "fr-RW" },
    ];
    for (const headers of browsers) {
      const res = await soldOut(post("http://lango.test/api/orders", headers), {});
      expect(res.status).toBe(409);
      expect(await read(res)).toEqual({
        error: { code: "sold_out", message: "Only 2 Regular tickets left.", ticketTypeId: "tt_1", available: 2 },
      });
    }
  });

  it("answers in Kiswahili to Accept-Language sw-KE, to the lang cookie and to ?lang=sw, with the same code and details", async () => {
    const asks = [
      post("http://lango.test/api/orders", { "accept-language": "sw-KE,sw;q=0.9,en;q=0.8" }),
      post("http://lango.test/api/orders", { cookie: "theme=dark; lang=sw", "accept-language": "en" }),
      post("http://lango.test/api/orders?lang=sw", { "accept-language": "en", cookie: "lang=en" }),
    ];
    for (const req of asks) {
      const res = await soldOut(req, {});
      expect(res.status).toBe(409);
      const { error } = await read(res);
      expect(error).toMatchObject({ code: "sold_out", ticketTypeId: "tt_1", available: 2 });
      expect(error.message).toBe("Tiketi zilizobaki hazitoshi kwa agizo hili.");
    }
  });

  it("the remembered English choice wins over a Kiswahili browser", async () => {
    const res = await soldOut(post("http://lango.test/api/orders", { cookie: "lang=en", "accept-language": "sw" }), {});
    expect((await read(res)).error.message).toBe("Only 2 Regular tickets left.");
  });

  it("says what each invalid field needs in Kiswahili, under the same field names", async () => {
    const en = await read(await order(post("http://lango.test/api/orders", {}, { name: "", phone: "07" }), {}));
    expect(en.error).toMatchObject({
      code: "invalid_input",
      message: "Invalid order: name: Enter your name.",
      fields: { name: "Enter your name.", phone: "Enter your phone." },
    });
    const sw = await read(
      await order(post("http://lango.test/api/orders", { "accept-language": "sw-TZ" }, { name: "", phone: "07" }), {}),
    );
    expect(sw.error).toEqual({
      code: "invalid_input",
      message: "Baadhi ya taarifa hazipo au si sahihi.",
      fields: { name: "Weka jina.", phone: "Weka nambari sahihi ya simu." },
    });
  });

  it("keeps a 500 bare in either language", async () => {
    const res = await crash(post("http://lango.test/api/orders", { "accept-language": "sw" }), {});
    expect(res.status).toBe(500);
    expect(await read(res)).toEqual({
      error: { code: "internal_error", message: "Hitilafu imetokea upande wetu. Tafadhali jaribu tena." },
    });
  });

  it("has a Kiswahili message for every error code the API can answer with", async () => {
    const t = await getTranslator("sw");
    const english = await getTranslator("en");
    for (const code of Object.keys(ERROR_STATUS)) {
      const message = t(`errors.${code}` as never);
      expect(message, code).not.toBe(english(`errors.${code}` as never));
      expect(message, code).not.toContain("errors.");
    }
  });
});
