/**
 * Shared setup for the Graph conformance suite: a fresh mailbox per test (a new user of the Northwind
 * tenant, signed in through the real pages with real MSAL), the unmodified Graph SDK configured as the
 * product configures it, raw https calls for the cases the SDK hides (headers, parallelism), and
 * schema assertions with the ajv-based GraphSchemaValidator over Microsoft's OpenAPI.
 */
import { randomUUID } from "node:crypto";
import { Client } from "@microsoft/microsoft-graph-client";
import { expect } from "vitest";
import { GraphSchemaValidator, type CollectionName, type SchemaName } from "../graph/schema-validator";
import type { Ms365Emulator } from "../index";
import { control, redeem, signInWithCode, userIdOf } from "./flows";

export const NORTHWIND = "northwind-training.example";
export const DAY = 86_400_000;

let validator: GraphSchemaValidator | undefined;
/** One compiled validator per worker: compiling the OpenAPI subset takes a moment. */
export const schemas = () => (validator ??= new GraphSchemaValidator());

/** Asserts `body` validates against the entity schema and returns it typed loosely for further checks. */
export function expectValid(name: SchemaName, body: unknown): Record<string, unknown> {
  expect(schemas().validate(name, body).errors).toEqual([]);
  return body as Record<string, unknown>;
}

export function expectValidCollection(
  name: CollectionName,
  body: unknown,
): { value: Record<string, unknown>[] } & Record<string, unknown> {
  expect(schemas().validateCollection(name, body).errors).toEqual([]);
  return body as { value: Record<string, unknown>[] } & Record<string, unknown>;
}

/**
 * The SDK's GraphError keeps only the envelope's inner `error` object (as JSON in `body`); rebuild
 * the wire envelope and validate it against ODataErrors.ODataError.
 */
export function expectValidGraphError(err: unknown, status: number, code: string): void {
  const e = err as { statusCode?: number; code?: string; body?: unknown };
  expect([e.statusCode, e.code]).toEqual([status, code]);
  expectValid("error", { error: JSON.parse(String(e.body)) as unknown });
}

export function graphClient(emulator: Pick<Ms365Emulator, "url">, token: string): Client {
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: async () => token },
    baseUrl: emulator.url,
    customHosts: new Set([new URL(emulator.url).hostname]),
  });
}

export type Mailbox = { userId: string; email: string; token: string; client: Client };

/** A new, empty mailbox and a delegated token for it (Calendars.ReadWrite + User.Read unless `scopes`). */
export async function freshMailbox(emulator: Ms365Emulator, scopes?: string[]): Promise<Mailbox> {
  const tenantId = [...emulator.state.tenants.values()].find((t) => t.domain === NORTHWIND)?.id;
  const email = `test.${randomUUID().slice(0, 8)}@${NORTHWIND}`;
  const created = await control<{ id: string }>(emulator, "POST", "/users", {
    tenantId,
    email,
    displayName: "Test Instructor",
    timeZone: "Europe/London",
  });
  expect(created.status).toBe(201);
  return signedIn(emulator, email, scopes);
}

/** A delegated token for an existing user (e.g. a seeded demo instructor). */
export async function signedIn(emulator: Ms365Emulator, email: string, scopes?: string[]): Promise<Mailbox> {
  const tokens = await redeem(await signInWithCode(emulator, email, scopes ? { scopes } : {}), scopes);
  return {
    userId: await userIdOf(emulator, email),
    email,
    token: tokens.accessToken,
    client: graphClient(emulator, tokens.accessToken),
  };
}

export type RawResponse = { status: number; headers: Headers; body: Record<string, unknown> };

/** A Graph call with fetch, for status codes and headers the SDK's typed API does not expose. */
export async function rawGraph(
  emulator: Pick<Ms365Emulator, "url">,
  token: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const res = await fetch(path.startsWith("https://") ? path : `${emulator.url}/v1.0${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** An ISO dateTime (no offset, as Graph writes it) `days` from `base` at `hour`:00 UTC. */
export function utcDateTime(base: number, days: number, hour = 9, minutes = 0): string {
  const d = new Date(Math.floor(base / DAY) * DAY + days * DAY + hour * 3_600_000 + minutes * 60_000);
  return d.toISOString().slice(0, 19);
}

/** A minimal event body in UTC. */
export function eventBody(base: number, days: number, subject: string, extra: Record<string, unknown> = {}) {
  return {
    subject,
    start: { dateTime: utcDateTime(base, days, 9), timeZone: "UTC" },
    end: { dateTime: utcDateTime(base, days, 10), timeZone: "UTC" },
    ...extra,
  };
}

export { control };
