/**
 * The seam part 2 (Graph) uses to authenticate requests: a bearer token is accepted only if the
 * emulator signed it, still has its record, and the record is neither expired (by the emulator's
 * clock, so POST /_emulator/tokens/expire works) nor revoked. Failures map to Graph's 401
 * `InvalidAuthenticationToken` (reference §6; message texts [UNV]).
 */
import { graphError } from "../core/http";
import type { EmulatorContext, EmulatorRequest, EmulatorResponse } from "../core/types";
import { verifyJwt } from "./jwt";

export type VerifiedAccessToken = {
  ok: true;
  /** Null for app-only tokens (client_credentials). */
  userId: string | null;
  tenantId: string;
  clientId: string;
  /** Delegated permissions (`scp`), canonical names such as "Calendars.ReadWrite". */
  scopes: string[];
  /** Application permissions (`roles`) of app-only tokens. */
  roles: string[];
};

export type AccessTokenFailure = { ok: false; reason: "missing" | "invalid" | "expired" | "revoked" };

/** Accepts a raw token or a whole `Authorization` header value ("Bearer eyJ..."). */
export function verifyAccessToken(
  ctx: EmulatorContext,
  bearer: string | undefined,
): VerifiedAccessToken | AccessTokenFailure {
  const token = bearer?.replace(/^Bearer\s+/i, "").trim();
  if (!token) return { ok: false, reason: "missing" };
  const claims = verifyJwt(ctx.signingKey, token);
  const uti = claims?.uti;
  if (typeof uti !== "string") return { ok: false, reason: "invalid" };
  const record = ctx.state.accessTokens.get(uti);
  if (!record) return { ok: false, reason: "invalid" };
  if (record.revoked) return { ok: false, reason: "revoked" };
  if (record.expiresAt <= ctx.now()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    userId: record.userId,
    tenantId: record.tenantId,
    clientId: record.clientId,
    scopes: record.scopes,
    roles: record.roles,
  };
}

const MESSAGES: Record<AccessTokenFailure["reason"], string> = {
  missing: "Access token is empty.",
  invalid: "Access token validation failure. Invalid audience.",
  expired: "Lifetime validation failed, the token is expired.",
  revoked: "Access token has been revoked.",
};

/** Graph's 401 for a failed verification, with the WWW-Authenticate challenge Graph sends. */
export function graphUnauthorized(req: EmulatorRequest, failure: AccessTokenFailure): EmulatorResponse {
  return graphError(req, 401, "InvalidAuthenticationToken", MESSAGES[failure.reason], {
    "www-authenticate":
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}

/** Best-effort user id for the request log and fault matching: no signature or expiry checks. */
export function userIdFromBearer(ctx: EmulatorContext, authorization: string | undefined): string | undefined {
  const token = authorization?.replace(/^Bearer\s+/i, "").trim();
  if (!token) return undefined;
  const uti = verifyJwt(ctx.signingKey, token)?.uti;
  return typeof uti === "string" ? (ctx.state.accessTokens.get(uti)?.userId ?? undefined) : undefined;
}
