import { describe, expect, it } from "vitest";
import { parseCallbackFilters, prettyBody } from "./callbacks";

describe("prettyBody", () => {
  it("indents JSON", () => {
    expect(prettyBody('{"Body":{"stkCallback":{"ResultCode":0}}}')).toEqual({
      format: "json",
      text: '{\n  "Body": {\n    "stkCallback": {\n      "ResultCode": 0\n    }\n  }\n}',
    });
  });

  it("puts XML one element per line, leaves leaf elements whole", () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><API3G><Result>000</Result><Nested><A>1</A><Empty/></Nested></API3G>';
    expect(prettyBody(xml)).toEqual({
      format: "xml",
      text: [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<API3G>",
        "  <Result>000</Result>",
        "  <Nested>",
        "    <A>1</A>",
        "    <Empty/>",
        "  </Nested>",
        "</API3G>",
      ].join("\n"),
    });
  });

  it("keeps broken JSON and form posts as they came", () => {
    expect(prettyBody('{"a":')).toEqual({ format: "text", text: '{"a":' });
    expect(prettyBody("a=1&b=<script>")).toEqual({ format: "text", text: "a=1&b=<script>" });
  });
});

describe("parseCallbackFilters", () => {
  it("reads blank fields as unset and ticked boxes as true", () => {
    expect(parseCallbackFilters({ gateway: "", outcome: "rejected", duplicates: "1", unverified: undefined })).toEqual({
      ok: true,
      filters: { gateway: undefined, outcome: "rejected", duplicates: true, unverified: false, before: undefined },
    });
  });

  it("explains bad values instead of failing", () => {
    const r = parseCallbackFilters({ gateway: "paypal", duplicates: "maybe", before: "x'; drop" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        expect.stringMatching(/^Gateway: Choose one of: daraja, dpo/),
        expect.stringMatching(/^Duplicates only: /),
        "Page: That page link is not valid.",
      ]);
    }
  });
});
