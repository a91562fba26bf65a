import { describe, expect, it } from "vitest";
import { ApiError, BAD_RESPONSE, NETWORK_ERROR } from "@/lib/http/api-client";
import { getTranslator } from "@/lib/i18n/translator";
import { apiErrorMessage } from "./api-error-message";
import { placeFieldErrors, submitProblem } from "./form-errors";

const words = {
  offline: "Check your connection. Nothing has been charged.",
  notDone: "Your order was not placed.",
  unreachable: "We couldn't reach Lango.",
  checkHighlighted: "Please check the highlighted details.",
  ourSide: "Something went wrong on our side.",
};
const BOOKING: Record<string, "company" | "email"> = { "booths.0.company": "company", "buyer.email": "email" };

describe("placeFieldErrors", () => {
  it("puts each API field's message on its input, the first per input, and keeps the rest for the summary", () => {
    const placed = placeFieldErrors(
      {
        "buyer.email": "Enter a valid e-mail address.",
        "booths.0.company": "Enter your company's name.",
        "booths.0.addons.0.quantity": "At most 10.",
        "buyer.email.domain": "ignored: not an input",
      },
      (key) => BOOKING[key],
    );
    expect(placed.inline).toEqual({ email: "Enter a valid e-mail address.", company: "Enter your company's name." });
    expect(placed.unplaced).toEqual(["At most 10.", "ignored: not an input"]);
  });

  it("keeps the first message when two API fields land on one input", () => {
    const placed = placeFieldErrors(
      { "items.0.quantity": "Too many.", "items.0.attendees": "Too few names." },
      () => "ticket.t1",
    );
    expect(placed).toEqual({ inline: { "ticket.t1": "Too many." }, unplaced: [] });
  });
});

describe("submitProblem", () => {
  const invalid = (fields: Record<string, string>) =>
    new ApiError(400, { code: "invalid_input", message: "Invalid request: buyer.email: …", fields });

  it("only points at the highlighted inputs when every message found one", () => {
    const error = invalid({ "buyer.email": "Enter a valid e-mail address." });
    expect(
      submitProblem(
        error,
        placeFieldErrors(error.fields, (k) => BOOKING[k]),
        words,
      ),
    ).toEqual({
      title: "Please check the highlighted details.",
    });
  });

  it("shows the API's message for the caller's mistake, with the messages no input could show", () => {
    const error = invalid({ "buyer.email": "Bad e-mail.", "booths.0.addons.0.quantity": "At most 10." });
    expect(
      submitProblem(
        error,
        placeFieldErrors(error.fields, (k) => BOOKING[k]),
        words,
      ),
    ).toEqual({
      title: "Invalid request: buyer.email: …",
      detail: "At most 10.",
    });
    const closed = new ApiError(409, { code: "sales_closed", message: "Sales for this event have closed." });
    expect(submitProblem(closed, { inline: {}, unplaced: [] }, words)).toEqual({
      title: "Sales for this event have closed.",
      detail: undefined,
    });
  });

  it("never shows a server fault's or a proxy page's text, and says the order was not placed", () => {
    for (const error of [
      new ApiError(500, { code: "internal_error", message: "Something went wrong on our side. Please try again." }),
      new ApiError(502, { code: BAD_RESPONSE, message: "Something went wrong on our side. Please try again." }),
    ])
      expect(submitProblem(error, { inline: {}, unplaced: [] }, words)).toEqual({
        title: "Something went wrong on our side.",
        detail: "Your order was not placed.",
      });
  });

  it("says the connection failed, in the form's own words, when nothing came back", () => {
    const offline = new ApiError(0, { code: NETWORK_ERROR, message: "We could not reach Lango." });
    expect(submitProblem(offline, { inline: {}, unplaced: [] }, words)).toEqual({
      title: "We couldn't reach Lango.",
      detail: "Check your connection. Nothing has been charged.",
    });
  });
});

describe("issue 18: what never reached the API is said in the page's language", () => {
  const offline = new ApiError(0, {
    code: NETWORK_ERROR,
    message: "We could not reach Lango. Check your connection and try again.",
  });
  const proxyPage = new ApiError(502, {
    code: BAD_RESPONSE,
    message: "Something went wrong on our side. Please try again.",
  });

  it("a failed call's message: the common words for offline and a proxy page, the API's own message otherwise", async () => {
    const t = await getTranslator("sw");
    const sw = { offline: t("common.offline"), serverError: t("common.serverError") };
    expect(apiErrorMessage(offline, sw)).toBe("Hatukuweza kuifikia Lango. Angalia mtandao wako kisha ujaribu tena.");
    expect(apiErrorMessage(proxyPage, sw)).toBe("Hitilafu imetokea upande wetu. Tafadhali jaribu tena.");
    // The API already answered in the request's language: its message is shown as it is.
    const refused = new ApiError(400, { code: "invalid_input", message: "Weka jina lako." });
    expect(apiErrorMessage(refused, sw)).toBe("Weka jina lako.");
  });

  it("the booth booking form's summary, offline, is all Kiswahili", async () => {
    const t = await getTranslator("sw");
    const problem = submitProblem(
      offline,
      { inline: {}, unplaced: [] },
      {
        offline: t("exhibit.booking.errors.offline"),
        notDone: t("exhibit.booking.errors.notDone"),
        unreachable: t("exhibit.booking.errors.unreachable"),
        checkHighlighted: t("exhibit.booking.errors.checkHighlighted"),
        ourSide: t("exhibit.booking.errors.ourSide"),
      },
    );
    expect(problem).toEqual({
      title: "Hatukuweza kuifikia Lango.",
      detail: "Angalia mtandao wako kisha jaribu tena. Hakuna pesa iliyokatwa.",
    });
  });
});
