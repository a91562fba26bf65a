import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { GATEWAY_IDS } from "../payments/types";
import { CALLBACK_OUTCOMES } from "./callback-outcomes";
import {
  cursorParam,
  filterErrors,
  flagParam,
  optionalParam,
  PAGE_SIZE,
  pageOf,
  type SearchParams,
} from "./list-filters";

export const callbackFiltersSchema = z.object({
  gateway: optionalParam(z.enum(GATEWAY_IDS, { error: `Choose one of: ${GATEWAY_IDS.join(", ")}.` })),
  // Links written before outcomes were typed say "no change", "not applied": they still filter.
  outcome: optionalParam(
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim().replace(/ /g, "_") : v),
      z.enum(CALLBACK_OUTCOMES, { error: `Choose one of: ${CALLBACK_OUTCOMES.join(", ")}.` }),
    ),
  ),
  duplicates: flagParam,
  unverified: flagParam,
  before: cursorParam,
});

export type CallbackFilters = z.output<typeof callbackFiltersSchema>;

const LABELS = {
  gateway: "Gateway",
  outcome: "Outcome",
  duplicates: "Duplicates only",
  unverified: "Unverified only",
  before: "Page",
};

export function parseCallbackFilters(
  params: SearchParams,
): { ok: true; filters: CallbackFilters } | { ok: false; errors: string[] } {
  const parsed = callbackFiltersSchema.safeParse(params);
  return parsed.success
    ? { ok: true, filters: parsed.data }
    : { ok: false, errors: filterErrors(parsed.error, LABELS) };
}

/** Notifications newest first, PAGE_SIZE at a time. */
export async function listCallbacks(db: Db, f: CallbackFilters) {
  const where: Prisma.CallbackLogWhereInput = {
    ...(f.gateway && { gateway: f.gateway }),
    ...(f.outcome && { outcome: f.outcome }),
    ...(f.duplicates && { duplicate: true }),
    ...(f.unverified && { verified: false }),
  };
  const rows = await db.callbackLog.findMany({
    where,
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(f.before && { cursor: { id: f.before }, skip: 1 }),
    select: {
      id: true,
      gateway: true,
      kind: true,
      receivedAt: true,
      verified: true,
      duplicate: true,
      outcome: true,
      detail: true,
      payment: { select: { id: true, status: true, order: { select: { reference: true } } } },
    },
  });
  return pageOf(rows);
}

export async function getCallback(db: Db, id: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  return db.callbackLog.findUnique({
    where: { id },
    include: {
      payment: {
        select: {
          id: true,
          status: true,
          gateway: true,
          amountMinor: true,
          currency: true,
          order: { select: { reference: true } },
        },
      },
    },
  });
}

/**
 * A notification body laid out for reading: JSON indented, XML one element per line, anything else
 * (form posts, garbage) as it came. The result is text, shown escaped.
 */
export function prettyBody(body: string): { format: "json" | "xml" | "text"; text: string } {
  const trimmed = body.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { format: "json", text: JSON.stringify(JSON.parse(trimmed), null, 2) };
    } catch {
      return { format: "text", text: body };
    }
  }
  if (trimmed.startsWith("<")) return { format: "xml", text: indentXml(trimmed) };
  return { format: "text", text: body };
}

function indentXml(xml: string): string {
  const tokens = xml
    .replace(/>\s+</g, "><")
    .split(/(?=<)|(?<=>)/)
    .filter((t) => t.length > 0);
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startsWith("</")) {
      depth = Math.max(0, depth - 1);
      lines.push(`${"  ".repeat(depth)}${t}`);
    } else if (t.startsWith("<?") || t.startsWith("<!") || t.endsWith("/>")) {
      lines.push(`${"  ".repeat(depth)}${t}`);
    } else if (t.startsWith("<")) {
      // <Tag>text</Tag> stays on one line.
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith("<") && close?.startsWith("</")) {
        lines.push(`${"  ".repeat(depth)}${t}${text}${close}`);
        i += 2;
      } else {
        lines.push(`${"  ".repeat(depth)}${t}`);
        depth++;
      }
    } else {
      lines.push(`${"  ".repeat(depth)}${t.trim()}`);
    }
  }
  return lines.join("\n");
}
