/**
 * DPO's XML: `<API3G>` documents in both directions. Requests are parsed with every value kept as the
 * text it was (DPO's fields are strings such as "1.00" and "000"); replies are built with entity escaping,
 * so a merchant's `&`, `<` or `>` come back as `&amp;`, `&lt;`, `&gt;`.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";

export type XmlObject = { [name: string]: unknown };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Services may hold one Service or many; always an array so one code path reads both.
  isArray: (_name, jPath) => jPath === "API3G.Services.Service",
});

const builder = new XMLBuilder({ suppressEmptyNode: false, processEntities: true });

/** The `<API3G>` element's children, or null for anything DPO would answer with 804 "Error in XML". */
export function parseApi3g(text: string): XmlObject | null {
  // No DTDs: DPO has no use for them, and entity definitions are a classic XML attack.
  if (!text.trim() || /<!DOCTYPE/i.test(text)) return null;
  if (XMLValidator.validate(text) !== true) return null;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return null;
  }
  if (!isObject(doc) || Object.keys(doc).length !== 1 || !("API3G" in doc)) return null;
  const root = doc.API3G;
  if (Array.isArray(root)) return null;
  // `<API3G/>` parses to "" — a document, but one without the mandatory fields.
  return isObject(root) ? root : {};
}

export function buildApi3g(fields: Record<string, string | number | XmlObject>): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ API3G: fields })}`;
}

export function isObject(value: unknown): value is XmlObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A tag DPO expects once was sent more than once (its code 960). */
export class RepeatedTagError extends Error {
  constructor(readonly tag: string) {
    super(`Tag ${tag} has been sent multiple times`);
  }
}

/** Reads a single text field; absent or empty both mean "not given". */
export function textField(node: XmlObject, name: string): string | undefined {
  const value = node[name];
  if (Array.isArray(value)) throw new RepeatedTagError(name);
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function childElement(node: XmlObject, name: string): XmlObject | undefined {
  const value = node[name];
  if (Array.isArray(value)) throw new RepeatedTagError(name);
  return isObject(value) ? value : undefined;
}
