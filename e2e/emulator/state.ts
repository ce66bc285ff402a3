/**
 * All mutable emulator state in one place, so reset() is "throw it away and seed again" and part 2
 * can find users, tenants and tokens without reaching into handlers. Plain maps; nothing persists.
 */
import type { AuthorizeRequest } from "./identity/authorize-request";

export type Tenant = {
  id: string;
  displayName: string;
  /** Verified domain; users' emails normally end with it. Also accepted as the {tenant} path segment. */
  domain?: string;
  /** When true only admins can consent (the "Need admin approval" path, reference §10.1). */
  userConsentDisabled: boolean;
};

export type User = {
  /** Object id (oid), equal to Graph's user.id (reference §10.5). */
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  /** IANA zone, used by part 2 for mailboxSettings. */
  timeZone: string;
  /** Graph's `mail` when it differs from the UPN (`email`): a tenant whose sign-in names are not addresses. */
  mail?: string;
};

export type AppRegistration = {
  clientId: string;
  clientSecret: string;
  displayName: string;
  /** Registered non-loopback redirect URIs; loopback URIs are always accepted (see README). */
  redirectUris: string[];
  /** Delegated Graph permissions configured on the registration (what "/.default" expands to). */
  delegatedPermissions: string[];
  /** Application permissions (app roles) configured on the registration, granted by admin consent. */
  applicationPermissions: string[];
};

/** A delegated permission grant: for one user, or for the whole tenant ("AllPrincipals", admin consent). */
export type ConsentGrant = {
  tenantId: string;
  clientId: string;
  principal: "AllPrincipals" | { userId: string };
  scopes: Set<string>;
};

export type AuthCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  tenantId: string;
  /** Scopes exactly as requested (resource-qualified forms kept, for the token response). */
  scopes: string[];
  /** Canonical permission names of `scopes`. */
  permissions: string[];
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  nonce?: string;
  expiresAt: number;
  redeemedAt?: number;
};

export type RevocationReason = "consentRevoked" | "sessionsRevoked";

export type RefreshTokenRecord = {
  token: string;
  clientId: string;
  userId: string;
  tenantId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  rotatedAt?: number;
  revoked?: RevocationReason;
  revokedAt?: number;
};

export type AccessTokenRecord = {
  /** The token's `uti` claim; the key verifyAccessToken looks up. */
  id: string;
  clientId: string;
  tenantId: string;
  /** Null for app-only (client_credentials) tokens. */
  userId: string | null;
  scopes: string[];
  roles: string[];
  issuedAt: number;
  expiresAt: number;
  revoked?: RevocationReason;
};

export type RequestLogEntry = {
  id: string;
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  userId?: string;
  durationMs: number;
  /** When the request arrived and when its answer was ready: epoch milliseconds, sub-millisecond precision. */
  startedAtMs: number;
  finishedAtMs: number;
  /** The response body as sent, only when `config.logResponseBodies` is on. */
  responseBody?: unknown;
};

export type Fault = {
  id: string;
  method?: string;
  pathPattern?: string;
  userId?: string;
  /** Status to fail with; below 400 means "only delay, then answer normally". */
  status: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** Overrides of the Graph error envelope's code/message (non-token paths). */
  errorCode?: string;
  message?: string;
  remaining: number;
};

/** An authorize request in progress across the sign-in and consent pages (Entra's flowToken/ctx). */
export type PendingFlow = {
  id: string;
  kind: "authorize" | "adminconsent" | "adminconsent-v2";
  tenantSegment: string;
  request: AuthorizeRequest;
  userId?: string;
  /** Set when the user followed "Have an admin account? Sign in with that account". */
  adminSignIn?: boolean;
  createdAt: number;
};

export type EmulatorState = {
  tenants: Map<string, Tenant>;
  users: Map<string, User>;
  apps: Map<string, AppRegistration>;
  grants: ConsentGrant[];
  /** Application permissions granted per tenant, keyed `${tenantId} ${clientId}`. */
  appRoleGrants: Map<string, Set<string>>;
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  accessTokens: Map<string, AccessTokenRecord>;
  flows: Map<string, PendingFlow>;
  /** Browser sign-in sessions (cookie value -> user id), so a second authorize can skip the sign-in page. */
  sessions: Map<string, string>;
  requestLog: RequestLogEntry[];
  faults: Fault[];
  /** Added to the injected clock by POST /_emulator/clock. */
  clockOffsetMs: number;
};

export function createEmptyState(): EmulatorState {
  return {
    tenants: new Map(),
    users: new Map(),
    apps: new Map(),
    grants: [],
    appRoleGrants: new Map(),
    codes: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    flows: new Map(),
    sessions: new Map(),
    requestLog: [],
    faults: [],
    clockOffsetMs: 0,
  };
}

/** Empty every collection; the state object itself is kept, so plugins holding ctx.state stay valid. */
export function clearState(state: EmulatorState): void {
  const fresh = createEmptyState();
  Object.assign(state, fresh);
}

export function findUserByEmail(state: EmulatorState, email: string): User | undefined {
  const wanted = email.trim().toLowerCase();
  for (const user of state.users.values()) if (user.email.toLowerCase() === wanted) return user;
  return undefined;
}

/** Resolve a {tenant} path segment that names one tenant (GUID or verified domain). */
export function findTenant(state: EmulatorState, segment: string): Tenant | undefined {
  const wanted = segment.toLowerCase();
  for (const tenant of state.tenants.values()) {
    if (tenant.id.toLowerCase() === wanted || tenant.domain?.toLowerCase() === wanted) return tenant;
  }
  return undefined;
}
