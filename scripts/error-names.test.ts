/**
 * Error names survive the production build. `next build` minifies class names, so a name derived at
 * runtime (`constructor.name`, `new.target.name`) comes out as "e" or "" there while every test (run
 * unminified) still sees the class name. `sync_runs.error_class`, the held-round check, the removal's
 * failure and the logs store or compare these names, so each error class spells its `name` out as a
 * literal equal to its class name (the value the unminified code stored), and shipped code never asks a
 * constructor for its name.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DecryptionError } from "@/lib/crypto/encrypt";
import * as domainErrors from "@/lib/errors";
import { RunawayPagingError } from "@/lib/graph/calendar-reads";
import * as graphErrors from "@/lib/graph/errors";
import { ConnectionFencedError } from "@/lib/sync/connection-fence";
import { InvalidConnectionTransitionError } from "@/lib/sync/connection-state";
import { UnmappableEventError } from "@/lib/sync/map-graph-event";
import * as jobErrors from "@/inngest/runtime/errors";
import { SleepRequested } from "@/inngest/runtime/step-tools";

const root = fileURLToPath(new URL("..", import.meta.url));
/** What `next build` ships (the emulator and test helpers run unminified, in their own processes). */
const shipped = ["app", "components", "lib", "db", "emails", "inngest", "proxy.ts", "instrumentation.ts"];

function sourceFiles(rel: string): string[] {
  if (!statSync(path.join(root, rel)).isDirectory()) return [rel];
  return readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const child = path.join(rel, e.name);
    if (e.isDirectory()) return e.name === "testing" ? [] : sourceFiles(child);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [child] : [];
  });
}

/** The code without its comments (which may well mention `constructor.name`, as this file does). */
const withoutComments = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");

type ClassDecl = { name: string; base: string; exported: boolean; body: string; file: string };

/** Every `class X extends Y { ... }` of a file, with its body (braces matched). */
function classesOf(file: string, source: string): ClassDecl[] {
  const found: ClassDecl[] = [];
  for (const m of source.matchAll(/(export\s+)?class\s+(\w+)\s+extends\s+([\w.]+)[^{]*\{/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < source.length && depth > 0; i++) depth += source[i] === "{" ? 1 : source[i] === "}" ? -1 : 0;
    found.push({ name: m[2]!, base: m[3]!, exported: !!m[1], body: source.slice(m.index + m[0].length, i), file });
  }
  return found;
}

/** Classes extending Error (or a class named …Error, ours or a library's), transitively. */
function errorClasses(classes: ClassDecl[]): ClassDecl[] {
  const names = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of classes) {
      const base = c.base.split(".").pop()!;
      if (!names.has(c.name) && (/Error$/.test(base) || names.has(base))) grew = !!names.add(c.name);
    }
  }
  return classes.filter((c) => names.has(c.name));
}

const literalName = (c: ClassDecl) =>
  new RegExp(`(^|[\\s;{])(override\\s+)?(readonly\\s+)?name(\\s*:\\s*string)?\\s*=\\s*"${c.name}"`).test(c.body);
const derivedName = /\bconstructor\s*\??\.\s*name\b|\bnew\.target\s*\??\.\s*name\b/;

const files = shipped.flatMap(sourceFiles).map((file) => ({
  file,
  code: withoutComments(readFileSync(path.join(root, file), "utf8")),
}));
const shippedErrorClasses = errorClasses(files.flatMap(({ file, code }) => classesOf(file, code)));

describe("the scan itself", () => {
  it("finds error classes transitively and reads a literal name only when it is the class's own", () => {
    const classes = classesOf(
      "x.ts",
      `export class AError extends Error { override name = "AError"; }
       class B extends AError { constructor() { super("b"); } }
       export class C extends B { name = "Wrong"; }
       class Plain extends Object {}`,
    );
    const errors = errorClasses(classes);
    expect(errors.map((c) => c.name)).toEqual(["AError", "B", "C"]);
    expect(errors.map(literalName)).toEqual([true, false, false]);
  });

  it("spots a name derived from the constructor", () => {
    expect(derivedName.test("this.name = new.target.name;")).toBe(true);
    expect(derivedName.test("errorClass: error?.constructor.name ?? null")).toBe(true);
    expect(derivedName.test("errorClass: error.name")).toBe(false);
  });
});

describe("shipped code", () => {
  it("has error classes to check (the scan reads the source)", () => {
    expect(shippedErrorClasses.length).toBeGreaterThan(15);
  });

  it("gives every error class a literal name equal to its class name", () => {
    const missing = shippedErrorClasses.filter((c) => !literalName(c)).map((c) => `${c.file}: ${c.name}`);
    expect(missing, `add \`override name = "<ClassName>";\` to each`).toEqual([]);
  });

  it("never derives a name from a constructor at runtime", () => {
    const offending = files.filter(({ code }) => derivedName.test(code)).map(({ file }) => file);
    expect(offending).toEqual([]);
  });
});

/** Each exported error class with arguments it can be built from, and the name it must carry. */
const exportedErrors: [new (...args: never[]) => Error, unknown[], string][] = [
  [domainErrors.DomainError, ["x"], "DomainError"],
  [domainErrors.NotFoundError, ["Event", "1"], "NotFoundError"],
  [domainErrors.BadRequestError, ["x"], "BadRequestError"],
  [domainErrors.ValidationError, [{}], "ValidationError"],
  [domainErrors.ConflictError, ["x"], "ConflictError"],
  [domainErrors.UnauthorizedError, ["x"], "UnauthorizedError"],
  [domainErrors.ForbiddenError, ["x"], "ForbiddenError"],
  [domainErrors.ReconnectRequiredError, ["x"], "ReconnectRequiredError"],
  [domainErrors.AccessRevokedError, ["x"], "AccessRevokedError"],
  [domainErrors.MicrosoftUnavailableError, ["x", 1000], "MicrosoftUnavailableError"],
  [domainErrors.ServiceUnavailableError, ["x", 5], "ServiceUnavailableError"],
  [graphErrors.GraphRequestError, [404, "ErrorItemNotFound", "x"], "GraphRequestError"],
  [graphErrors.SyncStateGoneError, ["SyncStateNotFound", "x", null, null], "SyncStateGoneError"],
  [graphErrors.GraphThrottledError, ["x", 1000], "GraphThrottledError"],
  [graphErrors.GraphUnavailableError, ["x"], "GraphUnavailableError"],
  [RunawayPagingError, [501], "RunawayPagingError"],
  [UnmappableEventError, ["x"], "UnmappableEventError"],
  [InvalidConnectionTransitionError, ["connected", "connect_finished"], "InvalidConnectionTransitionError"],
  [ConnectionFencedError, ["Pull"], "ConnectionFencedError"],
  [DecryptionError, ["x"], "DecryptionError"],
  [jobErrors.JobRuntimeStoppedError, ["x"], "JobRuntimeStoppedError"],
  [jobErrors.InvalidJobEventError, ["x"], "InvalidJobEventError"],
  [jobErrors.RunAbandonedError, ["x"], "RunAbandonedError"],
  [SleepRequested, ["pause", 1000], "SleepRequested"],
];

describe("each exported error class", () => {
  it.each(exportedErrors.map(([cls, args, name]) => [name, cls, args] as const))(
    "%s carries its literal name",
    (name, cls, args) => {
      const error = new cls(...(args as never[]));
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(Error);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    },
  );

  it("is listed above (a new exported error class needs its expected name here)", () => {
    const exported = shippedErrorClasses.filter((c) => c.exported).map((c) => c.name);
    expect([...exported].sort()).toEqual(exportedErrors.map(([, , name]) => name).sort());
  });
});
