import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Folders whose pages and components a buyer (or, as others add theirs, an exhibitor or gate user) sees:
 * every word in them comes from messages/*.json. Add a folder here when its screens are translated.
 */
const TRANSLATED_FOLDERS = [
  "app/(store)",
  "app/not-found.tsx",
  "components/store",
  "components/payments",
  "components/questions",
  "components/waitlist",
  "components/tickets",
  "components/forms",
  "components/ui",
  "components/i18n",
  "app/exhibit",
  "components/exhibit",
  "components/checkin",
  "app/admin/checkin",
];

/** Files that may stay English: the admin's check-in conflicts list (issue 18: the admin console may stay English). */
const NOT_YET = new Set(["app/admin/checkin/conflicts/page.tsx"]);

/** Attributes a person reads or hears (our own components' `label` and `hint` included). */
const READ_ATTRIBUTES = new Set(["aria-label", "placeholder", "title", "alt", "label", "hint", "aria-description"]);

/** Names that are the same in every language. */
const SAME_IN_EVERY_LANGUAGE = new Set(["Lango", "M-Pesa", "PDF", "QR", "https://"]);

interface Finding {
  file: string;
  line: number;
  text: string;
}

function tsxFiles(entry: string): string[] {
  const full = path.join(process.cwd(), entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return full.endsWith(".tsx") ? [full] : [];
  return fs
    .readdirSync(full, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".tsx") && !f.includes(".test."))
    .map((f) => path.join(full, f))
    .filter((f) => !NOT_YET.has(path.relative(process.cwd(), f)));
}

/** Words, not punctuation, arrows or numbers ("−", "▾", "/", "×" are fine). */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !SAME_IN_EVERY_LANGUAGE.has(text.trim());

/** The literal text an expression puts on screen as it is: string literals, template parts, both branches. */
function literalTexts(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  if (ts.isParenthesizedExpression(node)) return literalTexts(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalTexts(node.whenTrue), ...literalTexts(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(
      node.operatorToken.kind,
    )
  )
    return [...literalTexts(node.left), ...literalTexts(node.right)];
  // A call (t("key"), formatMoney(…)) decides its own output: its arguments are keys and values, not text.
  return [];
}

export function hardCodedStrings(file: string): Finding[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(file, "utf8"),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: Finding[] = [];
  const report = (node: ts.Node, text: string) =>
    found.push({
      file: path.relative(process.cwd(), file),
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
      text: text.trim().replace(/\s+/g, " "),
    });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    else if (
      (ts.isJsxExpression(node) && node.expression && ts.isJsxElement(node.parent)) ||
      (ts.isJsxExpression(node) && node.expression && ts.isJsxFragment(node.parent))
    ) {
      for (const text of literalTexts(node.expression!)) if (hasWords(text)) report(node, text);
    } else if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(source)) && node.initializer) {
      const init = node.initializer;
      const texts = ts.isStringLiteral(init)
        ? [init.text]
        : ts.isJsxExpression(init) && init.expression
          ? literalTexts(init.expression)
          : [];
      for (const text of texts) if (hasWords(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("issue 18: no hard-coded words on translated screens", () => {
  it("finds the words it is meant to find (JSX text, read attributes, literal branches)", () => {
    const sample = path.join(process.cwd(), ".data", "hard-coded-sample.tsx");
    fs.mkdirSync(path.dirname(sample), { recursive: true });
    fs.writeFileSync(
      sample,
      `export const A = ({ n, t }: { n: number; t: (k: string) => string }) => (
        <div aria-label="Tickets" title={t("ok")}>
          Pay now
          {n > 1 ? "Many" : t("one")}
          <input placeholder={\`Up to \${n}\`} />
          <span>{t("fine")} − ▾ {n}</span>
          <b>Lango</b>
        </div>
      );`,
    );
    try {
      expect(hardCodedStrings(sample).map((f) => f.text)).toEqual(["Tickets", "Pay now", "Many", "Up to"]);
    } finally {
      fs.rmSync(sample);
    }
  });

  it.each(TRANSLATED_FOLDERS)("%s says everything through messages", (folder) => {
    const files = tsxFiles(folder);
    expect(files.length, `no .tsx under ${folder}`).toBeGreaterThan(0);
    expect(files.flatMap(hardCodedStrings)).toEqual([]);
  });
});
