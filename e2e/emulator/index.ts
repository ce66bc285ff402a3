/**
 * Microsoft 365 emulator — a stateful local stand-in for the Microsoft identity platform v2.0
 * (part 1) and Microsoft Graph calendars (part 2, plugged in via plugins.ts), for tests and for
 * running Calendar Sync with no Azure tenant.
 *
 * How faithful it is, and where each behaviour comes from (docs/graph-behaviour.md):
 * - Endpoints and parameters of /authorize, /token, /adminconsent, /v2.0/adminconsent,
 *   openid-configuration and JWKS: §10.1-10.4, checklist §13.11-13.13.
 * - Token response bodies (client_info, id_token claims, expires_in/ext_expires_in) and the error body
 *   (error_codes, trace_id, correlation_id, timestamp, suberror): §10.2, §10.5, §13.12, §13.14.
 * - AADSTS codes: 54005 code reuse, 70008 expired code, 501481 PKCE mismatch, 7000215 bad secret,
 *   65001 (+consent_required) after the user removed the app, 50173 after revoked sessions, 700082
 *   expired refresh token, 90094 "Need admin approval", 65004 declined consent, 50011 redirect URI: §10.2 table.
 * - Refresh-token rotation with old tokens still valid (§10.2); configurable (`rejectRotatedRefreshTokens`).
 * - What MSAL Node 7 needs from a non-Microsoft authority — https, knownAuthorities, issuer on the
 *   authority's origin, client_info, nonce only when requested: §11.1, §11.3; stack-notes §4.4.
 * - Graph's error envelope for injected faults and 401s: §6; Retry-After: §8.
 * Graph v1.0 calendar half (graph/plugin.ts; per-module detail in graph/README.md):
 * - Events, calendars, /me and /users/{id|upn}; defaults, HTML-wrapped text bodies, changeKey/etag,
 *   If-Match 412, transactionId replay, isAllDay validation, extended properties: §1, §4, §5, §13.3-13.6.
 * - calendarView (window, overlap, recurrence expansion, paging, $select/$orderby, Prefer zones) §2,
 *   §13.1; calendarView/delta rounds, @removed, rejected options, 410 SyncStateNotFound §3, §13.2.
 * - $batch (≤ 20, dependsOn/424, per-request throttling and Retry-After) §7, §13.7; throttling per
 *   app+mailbox (4 concurrent, 10,000 / 10 min) §8, §13.8; error envelope §6, §13.10.
 * - Subscriptions: handshake, clientState, lifecycle URL, 10,080-minute maximum, notifications with
 *   3 s acknowledgement and retries, lifecycle events: §9, §13.9. Deviation: http notification URLs
 *   are accepted for localhost / 127.0.0.1 / [::1] (the product's e2e webhook receiver); https elsewhere.
 * - Profiles (graph/realism.ts, issue 10): `clean` by default; `realistic` adds distinct default/immutable
 *   ids (§1), notification bursts/delays/duplicates and timer-driven lifecycle events (§9.3-9.4),
 *   $batch concurrency 429s (§7), delta repeats, @removed "changed", 410 Location and lag (§3), seeded.
 * Not emulated: passwords/MFA/Conditional Access, personal (consumers) accounts, certificate or
 * assertion client auth, device code, hybrid (code id_token) flows, sovereign clouds. Texts of
 * error descriptions are plausible but not contractual [UNV] — code against `error`/`error_codes`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createDispatcher } from "./core/dispatch";
import { listenDual } from "./core/dual-listener";
import { Router } from "./core/router";
import type { EmulatorConfig, EmulatorContext, EmulatorPluginFactory } from "./core/types";
import { controlRoutes } from "./control/control-routes";
import { identifyUser, identityRoutes } from "./identity";
import { generateSigningKey, signingKeyFromPem, signingKeyToPem, type SigningKey } from "./identity/jwt";
import { defaultPlugins } from "./plugins";
import type { RealismOverrides } from "./graph/realism";
import { seedState } from "./seed";
import { clearState, createEmptyState, type EmulatorState } from "./state";
import { DEFAULT_CERT_DIR, ensureEmulatorCertificate, writeAtomic } from "./tls";

export { EMULATOR_APP_NAME, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "./seed";
export { ensureEmulatorCertificate } from "./tls";
export { graphUnauthorized, verifyAccessToken } from "./identity/verify-access-token";
export type { AccessTokenFailure, VerifiedAccessToken } from "./identity/verify-access-token";
export { graphError } from "./core/http";
export type * from "./core/types";
export type * from "./state";

export type Ms365EmulatorOptions = {
  /** 0 picks a free port. */
  port?: number;
  /** Interface to bind; URLs always say "localhost" (the certificate's name) unless publicHost is set. */
  host?: string;
  publicHost?: string;
  /** Seed the demo tenants and instructors (db/seed/demo-people.ts). The app registration is always seeded. */
  seed?: boolean;
  now?: () => number;
  certDir?: string;
  config?: Partial<EmulatorConfig>;
  /** Defaults to plugins.ts's defaultPlugins (part 2's Graph routes). */
  plugins?: EmulatorPluginFactory[];
  /**
   * Graph realism profile (graph/realism.ts): "clean" (default) or "realistic", a seed (random when
   * omitted; GET /_emulator/profile shows it) and per-behaviour overrides. Same as config.graph.profile.
   */
  profile?: GraphProfileOption;
};

export type GraphProfileOption = { profile?: "clean" | "realistic"; seed?: number; overrides?: RealismOverrides };

export type Ms365Emulator = {
  /** https origin, e.g. https://localhost:4010 — MS_LOGIN_URL and MS_GRAPH_URL. */
  url: string;
  /** http origin on the same port (browser-facing pages). */
  httpUrl: string;
  port: number;
  certPath: string;
  state: EmulatorState;
  ctx: EmulatorContext;
  reset: () => void;
  close: () => Promise<void>;
};

export const DEFAULT_CONFIG: EmulatorConfig = {
  accessTokenLifetimeSeconds: 3599,
  authCodeLifetimeSeconds: 600,
  refreshTokenLifetimeSeconds: 90 * 24 * 3600,
  rejectRotatedRefreshTokens: false,
  browserScheme: "http",
};

export async function createMs365Emulator(options: Ms365EmulatorOptions = {}): Promise<Ms365Emulator> {
  const certDir = options.certDir ?? DEFAULT_CERT_DIR;
  const { certPath, keyPath } = await ensureEmulatorCertificate(certDir);
  const state = createEmptyState();
  const clock = options.now ?? Date.now;
  const ctx: EmulatorContext = {
    state,
    now: () => clock() + state.clockOffsetMs,
    config: withProfile({ ...DEFAULT_CONFIG, ...options.config }, options.profile),
    signingKey: loadSigningKey(certDir),
  };
  const plugins = (options.plugins ?? defaultPlugins).map((factory) => factory(ctx));
  const withDemoPeople = options.seed ?? true;
  const reset = () => {
    clearState(state);
    seedState(state, withDemoPeople);
    for (const plugin of plugins) plugin.reset?.(ctx);
  };

  const router = new Router();
  router.addAll(controlRoutes(reset));
  router.addAll(identityRoutes);
  for (const plugin of plugins) router.addAll(plugin.routes);
  reset();

  const publicHost = options.publicHost ?? "localhost";
  let port = options.port ?? 0;
  const dispatcher = createDispatcher({ ctx, router, identifyUser, fallbackHost: () => `${publicHost}:${port}` });
  const listener = await listenDual({
    host: options.host ?? "127.0.0.1",
    port,
    cert: readFileSync(certPath, "utf8"),
    key: readFileSync(keyPath, "utf8"),
    handler: (req, res) => void dispatcher(req, res),
  });
  port = listener.port;
  return {
    url: `https://${publicHost}:${port}`,
    httpUrl: `http://${publicHost}:${port}`,
    port,
    certPath,
    state,
    ctx,
    reset,
    close: async () => {
      for (const plugin of plugins) plugin.close?.();
      await listener.close();
    },
  };
}

function withProfile(config: EmulatorConfig, profile: GraphProfileOption | undefined): EmulatorConfig {
  return profile ? { ...config, graph: { ...config.graph, profile } } : config;
}

/** Reuse the signing key across restarts so JWKS caches (next-auth) and stored id_tokens stay valid. */
function loadSigningKey(dir: string): SigningKey {
  const file = path.join(dir, "signing-key.pem");
  if (existsSync(file)) {
    try {
      return signingKeyFromPem(readFileSync(file, "utf8"));
    } catch {
      // unreadable: replace it below
    }
  }
  const key = generateSigningKey();
  writeAtomic(file, signingKeyToPem(key));
  return key;
}
