/**
 * Shared shapes of the emulator's tiny HTTP framework. Handlers return plain response objects
 * instead of writing to the socket, so the dispatcher can log the status and apply faults in one
 * place for every route (identity now, Graph in part 2).
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { EmulatorState } from "../state";
import type { SigningKey } from "../identity/jwt";
import type { GraphConfigInput } from "../graph/config";

export type EmulatorRequest = {
  raw: IncomingMessage;
  method: string;
  /** Decoded path without the query string, e.g. "/organizations/oauth2/v2.0/token". */
  path: string;
  /** The request target exactly as sent (path + query, still encoded), for links that must echo it (Graph nextLinks). */
  url: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** Parsed application/x-www-form-urlencoded body (empty otherwise). */
  form: URLSearchParams;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  /** Path parameters filled by the router (":tenant" -> params.tenant). */
  params: Record<string, string>;
  /** True when the request arrived over TLS. */
  secure: boolean;
  /** Origins as the client addressed us (from the Host header), so discovery documents match the authority. */
  origin: { https: string; http: string };
  requestId: string;
  /** The user this request acts for, when known; used by the request log and fault matching. */
  userId?: string;
};

export type EmulatorResponse = {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
};

export type Handler = (req: EmulatorRequest, ctx: EmulatorContext) => EmulatorResponse | Promise<EmulatorResponse>;

/**
 * Runs around fault injection + handler: Graph's throttle holds its concurrency slot here, so an
 * injected latency counts as time in flight (reference §8) and 6 slow parallel requests trip it.
 */
export type Around = (
  req: EmulatorRequest,
  ctx: EmulatorContext,
  next: () => Promise<EmulatorResponse>,
) => Promise<EmulatorResponse>;

export type Route = { method: string; pattern: string; handler: Handler; around?: Around };

export type EmulatorConfig = {
  /** Lifetime of issued access tokens; Entra's default is 60-90 minutes (reference §10.2). */
  accessTokenLifetimeSeconds: number;
  /** Authorization codes live ~10 minutes (reference §10.1). */
  authCodeLifetimeSeconds: number;
  /** Refresh tokens: 90 days by default (reference §10.2). */
  refreshTokenLifetimeSeconds: number;
  /**
   * Real Entra keeps a rotated-out refresh token valid (reference §10.2: "old ones are not revoked").
   * Set true to make the emulator stricter and reject a refresh token once it has been rotated.
   */
  rejectRotatedRefreshTokens: boolean;
  /** Scheme of the browser-facing authorization_endpoint; see README "the TLS recipe". */
  browserScheme: "http" | "https";
  /**
   * Keep each response body in the request log (`responseBody`), so a test can prove what crossed
   * the wire (Full Private Mode). Off by default: bodies are large and the log keeps 5,000 entries.
   */
  logResponseBodies?: boolean;
  /** Graph half (part 2) knobs: throttle limits, delta, subscriptions, notification retries. */
  graph?: GraphConfigInput;
};

export type EmulatorContext = {
  state: EmulatorState;
  /** Milliseconds since the epoch; tests inject their own clock. Includes the control API's clock offset. */
  now: () => number;
  config: EmulatorConfig;
  signingKey: SigningKey;
};

/**
 * Part 2 (Graph) and any later half plug in through this: routes served on the same port (behind
 * the same request log and fault injection), and a hook run after every reset/seed.
 */
export type EmulatorPlugin = {
  name: string;
  routes: Route[];
  /** Called after the identity state has been (re)seeded: on start and on every reset(). */
  reset?: (ctx: EmulatorContext) => void;
  /** Called when the emulator closes (stop timers). */
  close?: () => void;
};

export type EmulatorPluginFactory = (ctx: EmulatorContext) => EmulatorPlugin;
