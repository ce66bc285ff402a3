/**
 * grant_type=authorization_code: single-use codes (AADSTS54005 on reuse), ~10-minute lifetime
 * (AADSTS70008), redirect_uri must match, PKCE verified (AADSTS501481). Reference §10.1, §10.2, §13.11.
 */
import type { EmulatorContext, EmulatorRequest } from "../core/types";
import { findApp } from "./apps";
import { issueDelegatedTokens } from "./issue-tokens";
import { aadsts } from "./oauth-errors";
import { verifyPkce } from "./pkce";
import type { GrantResult } from "./token-routes";

export function redeemAuthorizationCode(req: EmulatorRequest, ctx: EmulatorContext, clientId: string): GrantResult {
  const codeValue = req.form.get("code");
  if (!codeValue) return { ok: false, error: aadsts.missingParameter("code") };
  const code = ctx.state.codes.get(codeValue);
  if (!code) return { ok: false, error: aadsts.malformed() };
  req.userId = code.userId;
  if (code.redeemedAt !== undefined) return { ok: false, error: aadsts.codeRedeemed() };
  if (ctx.now() >= code.expiresAt) return { ok: false, error: aadsts.codeExpired() };
  if (code.clientId !== clientId) return { ok: false, error: aadsts.codeForOtherClient() };
  const redirectUri = req.form.get("redirect_uri");
  if (!redirectUri) return { ok: false, error: aadsts.missingParameter("redirect_uri") };
  if (redirectUri !== code.redirectUri)
    return { ok: false, error: aadsts.redirectMismatch(redirectUri, code.redirectUri) };
  if (
    code.codeChallenge &&
    !verifyPkce(code.codeChallenge, code.codeChallengeMethod ?? "plain", req.form.get("code_verifier"))
  ) {
    return { ok: false, error: aadsts.pkceMismatch() };
  }
  const user = ctx.state.users.get(code.userId);
  const app = findApp(ctx.state, clientId);
  if (!user || !app) return { ok: false, error: aadsts.malformed() };
  code.redeemedAt = ctx.now();
  const body = issueDelegatedTokens(ctx, {
    user,
    app,
    requested: code.scopes,
    permissions: code.permissions,
    issuerOrigin: req.origin.https,
    clientInfo: req.form.get("client_info") === "1",
    ...(code.nonce ? { nonce: code.nonce } : {}),
  });
  return { ok: true, body };
}
