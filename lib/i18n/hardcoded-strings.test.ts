import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Issue 18: "a test fails when a component has a hard-coded user-facing string". Each file of the listed
 * folders is parsed (TypeScript's own parser, so comments, class names and URLs are not mistaken for
 * words) and every place a person would read is checked: text between tags, the attributes people read
 * (label, placeholder, title, alt, aria-label, hint), string and template literals rendered as children,
 * and messages handed to error/notice state setters. Words must come from messages/{locale}.json.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Folders whose every user-facing word is translated; add a folder here once its words are in the message files. */
const FOLDERS = ["app/exhibit", "components/exhibit", "components/checkin", "components/i18n", "app/admin/checkin"];
/** Files another change owns for now (the floor plan's phone rework); they join once it lands. */
const NOT_YET = new Set([
  "components/exhibit/floor-plan-svg.tsx",
  "components/exhibit/pan-zoom.tsx",
  "components/exhibit/booth-list.tsx",
  "components/exhibit/size-filter.tsx",
  // The admin area's conflicts list may stay English (issue 18: "the admin console may stay English").
  "app/admin/checkin/conflicts/page.tsx",
]);

const READ_ATTRIBUTES = new Set([
  "label",
  "placeholder",
  "title",
  "alt",
  "aria-label",
  "hint",
  "detail",
  "description",
]);
const SETTER = /^set\w*(Error|Message|Problem|Notice)$/;
/** Words that are the same in every language: the brand, and punctuation between translated parts. */
const SAME_EVERYWHERE = new Set(["Lango", "M-Pesa", "PDF", "QR"]);

/** Something a person reads as words: at least two letters in a row, not only a brand. */
function isWords(text: string): boolean {
  const trimmed = text.replace(/\s+/g, " ").trim();
  if (!/\p{L}{2,}/u.test(trimmed) || /^[a-z]+:\/\/\S*$/.test(trimmed)) return false;
  return !trimmed.split(/[^\p{L}-]+/u).every((w) => !w || SAME_EVERYWHERE.has(w));
}

export function hardcodedStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${fileName}:${line + 1}: ${text.replace(/\s+/g, " ").trim()}`);
  };
  const literalText = (node: ts.Node): string | null =>
    ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      ? node.text
      : ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ")
        : null;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && isWords(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const text = ts.isStringLiteral(init)
        ? init.text
        : ts.isJsxExpression(init) && init.expression
          ? literalText(init.expression)
          : null;
      if (text && isWords(text)) report(node, text);
    }
    if (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent)) {
      const text = literalText(node.expression);
      if (text && isWords(text)) report(node, text);
      // cond ? "Words" : "Other words"
      if (ts.isConditionalExpression(node.expression))
        for (const branch of [node.expression.whenTrue, node.expression.whenFalse]) {
          const t = literalText(branch);
          if (t && isWords(t)) report(branch, t);
        }
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && SETTER.test(node.expression.text)) {
      for (const arg of node.arguments) {
        const text = literalText(arg);
        if (text && isWords(text)) report(arg, text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function filesIn(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.(test|testkit)\.tsx?$/.test(f))
    .map((f) => path.posix.join(folder, f.split(path.sep).join("/")))
    .filter((f) => !NOT_YET.has(f));
}

describe("no hard-coded user-facing strings", () => {
  it("finds words between tags, in read attributes, in rendered literals and in error setters", () => {
    const found = hardcodedStrings(
      "probe.tsx",
      `export function P({ ok }: { ok: boolean }) {
        setError("Something broke.");
        return (
          <div className="flex gap-2" data-testid="probe">
            Book a booth
            <input placeholder="Paste or type" aria-label={t("label")} />
            <img alt="QR code" src="/x.png" />
            {ok ? "Saved" : "Not saved"}
            {\`Booth \${ok} taken\`}
            <span>{t("fine")} · {count}</span>
            <p>Lango</p>
          </div>
        );
      }`,
    );
    expect(found.map((f) => f.replace(/^probe\.tsx:\d+: /, ""))).toEqual([
      "Something broke.",
      "Book a booth",
      "Paste or type",
      "QR code",
      "Saved",
      "Not saved",
      "Booth taken",
    ]);
  });

  it.each(FOLDERS)("%s takes every word from the message files", (folder) => {
    const files = filesIn(folder);
    expect(files.length, `no source files under ${folder}`).toBeGreaterThan(0);
    const found = files.flatMap((f) => hardcodedStrings(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(found).toEqual([]);
  });
});
