/**
 * Validates response bodies against Microsoft's OpenAPI (./openapi/graph-openapi-calendar.yaml, vendored with its MIT notice)
 * with ajv (graph-behaviour.md §14). Two adaptations, both because of how that file was generated:
 * 1. OData annotations (`@odata.etag`, `@odata.context`, `@removed`…) are set aside before validation —
 *    the schemas say `additionalProperties: {type: object}`, which no string annotation passes — and are
 *    checked separately (`checkAnnotations`).
 * 2. `allOf` inheritance (entity -> outlookItem -> event) is flattened into one object schema. Each
 *    generated branch says `additionalProperties: {type: object}`, which under JSON Schema would judge
 *    every property of the *other* branches "additional"; merged, the open-type rule applies as meant:
 *    unknown extra properties must be objects, so a misspelt scalar property still fails.
 * 3. A property that is a bare `$ref` to an object schema also accepts null (`nullableRefs`, default on):
 *    the CSDL declares e.g. event.recurrence / onlineMeeting Nullable and the real service returns
 *    `"recurrence": null`, but the PowerShell-module generator dropped the `anyOf [$ref, null]` wrapper.
 *    Enum refs stay non-nullable.
 * 4. `ODataErrors.InnerError` ("service-specific") accepts any extra property: read literally its
 *    `additionalProperties: {type: object}` would reject the string `date`/`request-id` every real
 *    Graph error carries (§6).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

export const DEFAULT_SPEC_PATH = fileURLToPath(new URL("./openapi/graph-openapi-calendar.yaml", import.meta.url));

type SchemaNode = Record<string, unknown>;
export type SchemaName = "event" | "calendar" | "user" | "subscription" | "error";
export type CollectionName = "eventCollection" | "calendarCollection" | "subscriptionCollection" | "deltaCollection";
export type ValidationResult = { valid: boolean; errors: string[] };

const DELTA_PATH = "/me/calendarView/microsoft.graph.delta()";
const DELTA_ENVELOPE = "delta-envelope";

const ENTITY: Record<SchemaName, string> = {
  event: "microsoft.graph.event",
  calendar: "microsoft.graph.calendar",
  user: "microsoft.graph.user",
  subscription: "microsoft.graph.subscription",
  error: "microsoft.graph.ODataErrors.ODataError",
};
const COLLECTION: Record<CollectionName, { envelope: string; item: SchemaName; links: string[] }> = {
  eventCollection: { envelope: "microsoft.graph.eventCollectionResponse", item: "event", links: ["@odata.nextLink"] },
  calendarCollection: {
    envelope: "microsoft.graph.calendarCollectionResponse",
    item: "calendar",
    links: ["@odata.nextLink"],
  },
  subscriptionCollection: {
    envelope: "microsoft.graph.subscriptionCollectionResponse",
    item: "subscription",
    links: ["@odata.nextLink"],
  },
  // The delta function's inline response schema (it declares both links), read from the paths section.
  deltaCollection: { envelope: DELTA_ENVELOPE, item: "event", links: ["@odata.nextLink", "@odata.deltaLink"] },
};

/** Merges `allOf` branches (resolving `$ref`s) into one object schema (see header, point 2). */
function flattenAllOf(schemas: Record<string, SchemaNode>): Record<string, SchemaNode> {
  const done = new Map<string, SchemaNode>();
  const flat = (name: string): SchemaNode => {
    const cached = done.get(name);
    if (cached) return cached;
    const schema = schemas[name] ?? {};
    if (!Array.isArray(schema.allOf)) {
      done.set(name, schema);
      return schema;
    }
    const merged: SchemaNode = { type: "object", properties: {}, required: [] as string[] };
    for (const branch of schema.allOf as SchemaNode[]) {
      const part = typeof branch.$ref === "string" ? flat(branch.$ref.split("/").pop() ?? "") : branch;
      Object.assign(merged.properties as SchemaNode, part.properties ?? {});
      (merged.required as string[]).push(...((part.required as string[] | undefined) ?? []));
      if (part.additionalProperties !== undefined) merged.additionalProperties = part.additionalProperties;
    }
    if ((merged.required as string[]).length === 0) delete merged.required;
    done.set(name, merged);
    return merged;
  };
  return Object.fromEntries(Object.keys(schemas).map((n) => [n, flat(n)]));
}

/** Rewrites bare object `$ref` properties as nullable (see header, point 2). */
function nullableRefs(node: unknown, schemas: Record<string, SchemaNode>): unknown {
  if (Array.isArray(node)) return node.map((n) => nullableRefs(n, schemas));
  if (typeof node !== "object" || node === null) return node;
  const out: SchemaNode = {};
  for (const [k, v] of Object.entries(node as SchemaNode)) {
    if (k === "properties" && typeof v === "object" && v !== null) {
      out[k] = Object.fromEntries(
        Object.entries(v as SchemaNode).map(([name, prop]) => {
          const ref = (prop as SchemaNode)?.$ref;
          const target = typeof ref === "string" ? schemas[ref.split("/").pop() ?? ""] : undefined;
          const isEnum = target !== undefined && Array.isArray(target.enum);
          return [
            name,
            typeof ref === "string" && !isEnum ? { anyOf: [prop, { type: "null" }] } : nullableRefs(prop, schemas),
          ];
        }),
      );
    } else out[k] = nullableRefs(v, schemas);
  }
  return out;
}

export const isAnnotation = (key: string) => key.startsWith("@");

/** Copy without top-level annotations except those the schema declares. */
export function setAnnotationsAside(
  body: Record<string, unknown>,
  keep: readonly string[] = [],
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !isAnnotation(k) || keep.includes(k)));
}

/** The annotation rules the schemas cannot express (§1 etag = W/"changeKey"; §12 absolute https links). */
export function checkAnnotations(body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const etag = body["@odata.etag"];
  if (etag !== undefined && typeof body.changeKey === "string" && etag !== `W/"${body.changeKey}"`)
    errors.push(`@odata.etag ${String(etag)} does not carry changeKey`);
  for (const link of ["@odata.nextLink", "@odata.deltaLink"]) {
    const v = body[link];
    if (v !== undefined && !(typeof v === "string" && v.startsWith("https://")))
      errors.push(`${link} must be an absolute https URL`);
  }
  const removed = body["@removed"];
  if (
    removed !== undefined &&
    (removed as { reason?: unknown })?.reason !== "deleted" &&
    (removed as { reason?: unknown })?.reason !== "changed"
  )
    errors.push("@removed.reason must be deleted|changed");
  return errors;
}

const describe = (errs: ErrorObject[] | null | undefined) =>
  (errs ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`.trim());

export class GraphSchemaValidator {
  private readonly validators = new Map<SchemaName | string, ValidateFunction>();

  constructor(specPath = DEFAULT_SPEC_PATH, opts: { nullableRefs?: boolean } = {}) {
    const spec = parse(readFileSync(specPath, "utf8")) as {
      components: { schemas: Record<string, SchemaNode> };
      paths: Record<
        string,
        { get?: { responses?: Record<string, { content?: Record<string, { schema?: SchemaNode }> }> } }
      >;
    };
    const schemas = flattenAllOf(spec.components.schemas);
    const inner = schemas["microsoft.graph.ODataErrors.InnerError"];
    if (inner) schemas["microsoft.graph.ODataErrors.InnerError"] = { ...inner, additionalProperties: true };
    const components = {
      schemas: opts.nullableRefs === false ? schemas : (nullableRefs(schemas, schemas) as SchemaNode),
    };
    // strict: false because the file carries x-ms-* keywords; `nullable` is ajv's OpenAPI keyword.
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const f of ["int32", "int64", "int16", "int8", "uint8", "double", "float", "decimal", "base64url", "duration"])
      ajv.addFormat(f, true);
    ajv.addSchema({ $id: "graph", components }, "graph");
    const compile = (name: string) => ajv.compile({ $ref: `graph#/components/schemas/${name}` });
    for (const [key, name] of Object.entries(ENTITY)) this.validators.set(key, compile(name));
    for (const c of Object.values(COLLECTION)) {
      if (c.envelope !== DELTA_ENVELOPE && !this.validators.has(c.envelope))
        this.validators.set(c.envelope, compile(c.envelope));
    }
    // Items are validated one by one (annotations aside), so the envelope drops `value`.
    const inline = spec.paths[DELTA_PATH]?.get?.responses?.["2XX"]?.content?.["application/json"]?.schema;
    if (!inline) throw new Error(`${specPath} has no 2XX schema for ${DELTA_PATH}`);
    const { value: _items, ...envelopeProps } = (inline.properties ?? {}) as SchemaNode;
    this.validators.set(DELTA_ENVELOPE, ajv.compile({ ...inline, properties: envelopeProps }));
  }

  /** An entity body (annotations set aside, then checked on their own). */
  validate(name: SchemaName, body: unknown): ValidationResult {
    if (typeof body !== "object" || body === null) return { valid: false, errors: ["body is not an object"] };
    const v = this.validators.get(name) as ValidateFunction;
    const ok = v(setAnnotationsAside(body as Record<string, unknown>));
    const errors = [...describe(v.errors), ...checkAnnotations(body as Record<string, unknown>)];
    return { valid: ok && errors.length === 0, errors };
  }

  /** A collection response: envelope (value pruned in the spec) + each item against its entity. */
  validateCollection(name: CollectionName, body: unknown): ValidationResult {
    const c = COLLECTION[name];
    if (typeof body !== "object" || body === null || !Array.isArray((body as { value?: unknown }).value)) {
      return { valid: false, errors: ["collection needs a value array"] };
    }
    const b = body as Record<string, unknown> & { value: unknown[] };
    const { value, ...envelope } = b;
    const env = this.validators.get(c.envelope) as ValidateFunction;
    const errors = env(setAnnotationsAside(envelope, c.links)) ? [] : describe(env.errors);
    errors.push(...checkAnnotations(envelope));
    value.forEach((item, i) => errors.push(...this.validate(c.item, item).errors.map((e) => `value[${i}]${e}`)));
    return { valid: errors.length === 0, errors };
  }
}
