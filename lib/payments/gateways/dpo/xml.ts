/**
 * DPO's API3G envelope, written with XMLBuilder (which escapes `&`, `<`, `>`, quotes) and read with
 * XMLParser keeping every value a string, so "000" stays "000" and an approval code such as "0012" keeps its
 * zeros. Never built by string concatenation: a buyer's name is input we do not control.
 */
import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";

export type XmlValue = string | number | XmlNode | XmlNode[] | undefined;
export interface XmlNode {
  [tag: string]: XmlValue;
}

const builder = new XMLBuilder({
  ignoreAttributes: false, // only so the declaration's version/encoding attributes are written
  attributeNamePrefix: "@_",
  format: false,
  suppressEmptyNode: false,
});

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Standard entities (&amp; &lt; …) only; DOCTYPE bodies are refused before parsing (see parseApi3g).
  processEntities: true,
});

/** Drops undefined fields so an optional value is left out rather than sent as an empty tag. */
function compact(node: XmlNode): XmlNode {
  const out: XmlNode = {};
  for (const [tag, value] of Object.entries(node)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) out[tag] = value.map(compact);
    else if (typeof value === "object") out[tag] = compact(value);
    else out[tag] = String(value);
  }
  return out;
}

/** `<?xml …?><API3G>…</API3G>` with the fields in the order given (DPO reads by name, but order keeps logs readable). */
export function buildApi3g(fields: XmlNode): string {
  return builder.build({ "?xml": { "@_version": "1.0", "@_encoding": "utf-8" }, API3G: compact(fields) }) as string;
}

export class MalformedXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedXmlError";
  }
}

/** The generic reply: every operation has Result and usually ResultExplanation; other fields are kept. */
export const api3gReplySchema = z.object({
  API3G: z
    .object({
      Result: z.string().regex(/^\d{3}$/, "Result must be a three-digit code"),
      ResultExplanation: z.string().optional(),
    })
    .loose(),
});

export type Api3gReply = z.infer<typeof api3gReplySchema>["API3G"];

/**
 * Parses an `<API3G>` document. Throws MalformedXmlError for anything else (HTML error pages, JSON, truncated
 * XML, DTDs: a gateway never sends one, and refusing them rules out entity-expansion tricks).
 */
export function parseApi3g(text: string): Api3gReply {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new MalformedXmlError("DTDs are not accepted");
  const valid = XMLValidator.validate(text.trim());
  if (valid !== true) throw new MalformedXmlError(`not XML: ${valid.err.msg}`);
  const parsed = api3gReplySchema.safeParse(parser.parse(text));
  if (!parsed.success)
    throw new MalformedXmlError(`not an API3G reply: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data.API3G;
}

/** A reply field that should be plain text; nested elements or absence become undefined. */
export function text(reply: Record<string, unknown>, tag: string): string | undefined {
  const value = reply[tag];
  return typeof value === "string" && value !== "" ? value : undefined;
}
