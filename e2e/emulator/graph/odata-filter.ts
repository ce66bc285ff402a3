/**
 * The `$filter` subset the product needs on /events (graph-behaviour.md §5): the extended-property
 * lambda `singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')`, plus simple
 * comparisons (`subject eq '…'`, `ne`, `startswith`, `contains`) joined by and/or/parentheses.
 * Extended-property ids compare exactly (the Name part is case-sensitive); other strings, including
 * `ep/value`, compare case-insensitively (§5). Anything else is 400 BadRequest "Invalid filter clause".
 */
import { badODataRequest } from "./errors";

export type FilterExpr =
  | { kind: "and" | "or"; left: FilterExpr; right: FilterExpr }
  | { kind: "cmp"; op: "eq" | "ne"; path: string[]; value: string | number | boolean | null }
  | { kind: "fn"; name: "startswith" | "contains"; path: string[]; value: string }
  | { kind: "any"; collection: string; variable: string; body: FilterExpr };

const TOKEN = /\s*('(?:[^']|'')*'|\(|\)|,|:|[A-Za-z_][\w.]*(?:\/[A-Za-z_][\w.]*)*|-?\d+(?:\.\d+)?)/y;

function tokenize(input: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < input.length) {
    if (/^\s*$/.test(input.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(input);
    if (!m || m[1] === undefined) throw invalid();
    tokens.push(m[1]);
  }
  return tokens;
}

const invalid = () => badODataRequest("Invalid filter clause");

export function parseFilter(input: string): FilterExpr {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (t === undefined) throw invalid();
    return t;
  };
  const expect = (t: string) => {
    if (next().toLowerCase() !== t) throw invalid();
  };
  const literal = (): string | number | boolean | null => {
    const t = next();
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === "true" || t === "false") return t === "true";
    if (t === "null") return null;
    if (/^-?\d/.test(t)) return Number(t);
    throw invalid();
  };

  function primary(): FilterExpr {
    const t = next();
    if (t === "(") {
      const e = orExpr();
      expect(")");
      return e;
    }
    const lower = t.toLowerCase();
    if (lower === "startswith" || lower === "contains") {
      expect("(");
      const path = next().split("/");
      expect(",");
      const value = literal();
      expect(")");
      if (typeof value !== "string") throw invalid();
      return { kind: "fn", name: lower, path, value };
    }
    if (/\/any$/i.test(t)) {
      expect("(");
      const variable = next();
      expect(":");
      const body = orExpr();
      expect(")");
      return { kind: "any", collection: t.slice(0, -4), variable, body };
    }
    const op = next().toLowerCase();
    if (op !== "eq" && op !== "ne") throw invalid();
    return { kind: "cmp", op, path: t.split("/"), value: literal() };
  }
  function andExpr(): FilterExpr {
    let left = primary();
    while (peek()?.toLowerCase() === "and") {
      pos++;
      left = { kind: "and", left, right: primary() };
    }
    return left;
  }
  function orExpr(): FilterExpr {
    let left = andExpr();
    while (peek()?.toLowerCase() === "or") {
      pos++;
      left = { kind: "or", left, right: andExpr() };
    }
    return left;
  }
  const expr = orExpr();
  if (pos !== tokens.length) throw invalid();
  return expr;
}

type Scope = { root: Record<string, unknown>; vars: Map<string, Record<string, unknown>> };

function resolve(path: string[], scope: Scope): { value: unknown; exact: boolean } {
  const [head, ...rest] = path;
  const varObj = head !== undefined ? scope.vars.get(head) : undefined;
  let value: unknown = varObj ?? scope.root;
  const segments = varObj ? rest : path;
  for (const seg of segments)
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[seg] : undefined;
  // Extended-property ids are matched exactly (§5); everything else case-insensitively.
  return { value, exact: varObj !== undefined && rest.length === 1 && rest[0] === "id" };
}

const fold = (v: unknown, exact: boolean) => (typeof v === "string" && !exact ? v.toLowerCase() : v);

export function evaluateFilter(expr: FilterExpr, item: Record<string, unknown>, scope?: Scope): boolean {
  const s: Scope = scope ?? { root: item, vars: new Map() };
  switch (expr.kind) {
    case "and":
      return evaluateFilter(expr.left, item, s) && evaluateFilter(expr.right, item, s);
    case "or":
      return evaluateFilter(expr.left, item, s) || evaluateFilter(expr.right, item, s);
    case "cmp": {
      const { value, exact } = resolve(expr.path, s);
      const equal = fold(value ?? null, exact) === fold(expr.value, exact);
      return expr.op === "eq" ? equal : !equal;
    }
    case "fn": {
      const { value } = resolve(expr.path, s);
      if (typeof value !== "string") return false;
      const hay = value.toLowerCase();
      const needle = expr.value.toLowerCase();
      return expr.name === "startswith" ? hay.startsWith(needle) : hay.includes(needle);
    }
    case "any": {
      const list = resolve(expr.collection.split("/"), s).value;
      if (!Array.isArray(list)) return false;
      return list.some((el) =>
        evaluateFilter(expr.body, item, {
          root: s.root,
          vars: new Map([...s.vars, [expr.variable, el as Record<string, unknown>]]),
        }),
      );
    }
  }
}
