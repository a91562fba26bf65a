import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

/**
 * A server action is a public POST endpoint: the page that shows its form protects nothing. This test
 * reads every "use server" module under app/ and requires each exported action to check the caller's
 * role itself (requireRole, or a helper of lib/auth that calls it) before doing anything, so a new action
 * cannot land unguarded.
 */
const APP_DIR = path.resolve(import.meta.dirname);
const GUARDS = /\b(requireRole|requirePageRole|requireExhibitor|requireSignedInExhibitor)\s*\(/;

function serverActionModules(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...serverActionModules(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.includes(".test.")) {
      const text = fs.readFileSync(full, "utf8");
      if (/^\s*["']use server["']/.test(text)) out.push(full);
    }
  }
  return out;
}

interface ModuleFunction {
  name: string;
  body: string;
  exported: boolean;
}

function moduleFunctions(file: string): ModuleFunction[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const functions: ModuleFunction[] = [];
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      functions.push({
        name: statement.name.text,
        body: statement.body?.getText(source) ?? "",
        exported: isExported(statement),
      });
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) {
          functions.push({
            name: d.name.getText(source),
            body: d.initializer.body.getText(source),
            exported: isExported(statement),
          });
        }
      }
    }
  }
  return functions;
}

/**
 * The exported actions that reach no role check: neither their own body nor a function of the module they
 * call (actions often share a wrapper that checks the role and maps errors) calls a guard.
 */
function unguardedActions(file: string): string[] {
  const functions = moduleFunctions(file);
  const guarded = new Set(functions.filter((f) => GUARDS.test(f.body)).map((f) => f.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const f of functions) {
      if (!guarded.has(f.name) && [...guarded].some((g) => new RegExp(`\\b${g}\\s*\\(`).test(f.body))) {
        guarded.add(f.name);
        grew = true;
      }
    }
  }
  return functions.filter((f) => f.exported && !guarded.has(f.name)).map((f) => f.name);
}

it("every exported server action checks the caller's role on the server", () => {
  const modules = serverActionModules(APP_DIR);
  expect(modules.length).toBeGreaterThan(0);
  const unguarded = modules.flatMap((file) =>
    unguardedActions(file).map((name) => `${path.relative(APP_DIR, file)}: ${name}`),
  );
  expect(unguarded, "server actions without a role check").toEqual([]);
});
