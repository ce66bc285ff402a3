/**
 * Revocation and expiry knobs (reference §10.2 revocation matrix, §13.12). "The user removes the app
 * from their account": their own consent disappears and their refresh tokens stop working
 * (AADSTS65001 consent_required); `sessionsRevoked` models "revoke sessions" (AADSTS50173). Access
 * tokens keep working until they expire — unless `immediate`, which models continuous access
 * evaluation cutting them off at once.
 */
import type { EmulatorContext } from "../core/types";
import { removeUserConsent } from "../identity/consent";
import type { RevocationReason } from "../state";

export function revokeUser(
  ctx: EmulatorContext,
  userId: string,
  options: { immediate?: boolean | undefined; reason?: RevocationReason | undefined; clientId?: string | undefined },
): { refreshTokens: number; accessTokens: number } {
  const reason = options.reason ?? "consentRevoked";
  const now = ctx.now();
  const forApp = (clientId: string) => !options.clientId || options.clientId === clientId;
  let refreshTokens = 0;
  let accessTokens = 0;
  for (const record of ctx.state.refreshTokens.values()) {
    if (record.userId !== userId || !forApp(record.clientId) || record.revoked) continue;
    record.revoked = reason;
    record.revokedAt = now;
    refreshTokens++;
  }
  if (options.immediate) {
    for (const record of ctx.state.accessTokens.values()) {
      if (record.userId !== userId || !forApp(record.clientId) || record.revoked) continue;
      record.revoked = reason;
      accessTokens++;
    }
  }
  if (reason === "consentRevoked") removeUserConsent(ctx.state, userId, options.clientId);
  // Sign-in sessions end too, so the next authorize shows the sign-in page again.
  for (const [session, sessionUser] of ctx.state.sessions)
    if (sessionUser === userId) ctx.state.sessions.delete(session);
  return { refreshTokens, accessTokens };
}

/** Every unexpired access token of the user expires now (POST /_emulator/tokens/expire). */
export function expireUserAccessTokens(ctx: EmulatorContext, userId: string): number {
  const now = ctx.now();
  let count = 0;
  for (const record of ctx.state.accessTokens.values()) {
    if (record.userId === userId && record.expiresAt > now) {
      record.expiresAt = now;
      count++;
    }
  }
  return count;
}
