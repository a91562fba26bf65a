import fs from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config";
import { getTranslator } from "./translator";

type Tree = { [key: string]: string | Tree };

const read = (locale: string): Tree =>
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", `${locale}.json`), "utf8")) as Tree;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

/** The variables a message needs ({name}, {count, plural, …}, <link>…</link>), so translations take the same ones. */
function variables(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) variables(option.value, into);
    if (el.type === TYPE.tag) variables(el.children, into);
  }
  return into;
}

const english = flatten(read("en"));

describe.each(LOCALES)("the %s message file", (locale) => {
  const messages = flatten(read(locale));

  it("has every English key and no key English lacks", () => {
    expect([...english.keys()].filter((k) => !messages.has(k))).toEqual([]);
    expect([...messages.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it("has no empty message and only valid ICU syntax", () => {
    for (const [key, text] of messages) {
      expect(text.trim(), key).not.toBe("");
      expect(() => parse(text), key).not.toThrow();
    }
  });

  it("uses exactly the variables the English message passes", () => {
    for (const [key, text] of messages) {
      const reference = english.get(key);
      if (reference === undefined) continue;
      expect([...variables(parse(text))].sort(), key).toEqual([...variables(parse(reference))].sort());
    }
  });

  it("names itself for the language switch", async () => {
    const t = await getTranslator(locale);
    expect(t("meta.languageName")).toBe(messages.get("meta.languageName"));
  });
});
