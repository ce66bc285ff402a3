/**
 * Keeps lib/services findable: every verb file `<capability>/<verb>.ts` exports exactly one value, the
 * function its name spells in camelCase (`set-privacy-mode.ts` → `setPrivacyMode`); types may sit
 * beside it. Helpers live in `internal/` folders, which this rule skips, as it skips tests.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const servicesRoot = path.dirname(fileURLToPath(import.meta.url));

function verbFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "internal" || entry.name === "testing" ? [] : verbFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const camelCase = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The file's exported values (functions, variables, classes, re-exported values); type-only exports are left out. */
function exportedValues(source: string): { name: string; isFunction: boolean }[] {
  const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.Latest, true);
  const exported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const values: { name: string; isFunction: boolean }[] = [];
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement))
      values.push({ name: statement.name?.text ?? "default", isFunction: true });
    else if (ts.isClassDeclaration(statement) && exported(statement))
      values.push({ name: statement.name?.text ?? "default", isFunction: false });
    else if (ts.isVariableStatement(statement) && exported(statement))
      for (const d of statement.declarationList.declarations)
        values.push({
          name: d.name.getText(file),
          isFunction: !!d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)),
        });
    else if (ts.isEnumDeclaration(statement) && exported(statement))
      values.push({ name: statement.name.text, isFunction: false });
    else if (ts.isExportAssignment(statement)) values.push({ name: "default", isFunction: false });
    else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      const clause = statement.exportClause;
      if (!clause || !ts.isNamedExports(clause)) values.push({ name: "*", isFunction: false });
      else for (const el of clause.elements) if (!el.isTypeOnly) values.push({ name: el.name.text, isFunction: false });
    }
  }
  return values;
}

describe("lib/services: one verb per file, named after it", () => {
  const files = verbFiles(servicesRoot);

  it("finds the verb files", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [path.relative(servicesRoot, f), f]))("%s exports exactly its verb", (_, file) => {
    const expected = camelCase(path.basename(file).replace(/\.tsx?$/, ""));
    expect(exportedValues(readFileSync(file, "utf8"))).toEqual([{ name: expected, isFunction: true }]);
  });

  it("tells a helper or a second export apart from the verb", () => {
    expect(exportedValues("export type A = 1;\nexport async function setPrivacyMode() {}\n")).toEqual([
      { name: "setPrivacyMode", isFunction: true },
    ]);
    expect(
      exportedValues("export function a() {}\nexport const b = () => 1;\nexport { c };\nexport type { D };\n"),
    ).toEqual([
      { name: "a", isFunction: true },
      { name: "b", isFunction: true },
      { name: "c", isFunction: false },
    ]);
  });
});
