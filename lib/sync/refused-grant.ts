import type { ConnectionStatus } from "./connection-state";

/**
 * What a refused (or failed) token request means for a calendar connection, decided here once, whichever
 * job noticed it: pull, push, subscription renewal, a lifecycle notification, removal. lib/graph reads the
 * facts off MSAL's error and throws the typed error this verdict names (AccessRevokedError,
 * ReconnectRequiredError, MicrosoftUnavailableError); the refused-grant service
 * (lib/services/sync/handle-refused-grant.ts) applies it with `refusedGrantAction`.
 *
 * Facts, never the description's text (reference §10.2: "never parse for logic"). Codes and meanings:
 * graph-behaviour.md §10.2 (the AADSTS table) and §11 (which answers MSAL counts as "interaction required").
 */
export type GrantFailure = {
  /**
   * The token endpoint's OAuth `error` (`invalid_grant`, `interaction_required`, `temporarily_unavailable`, …),
   * or MSAL's own code when nothing usable was stored (`no_tokens_found`, …); null without an answer.
   */
  error: string | null;
  /** `suberror` (`consent_required`, `bad_token`, `basic_action`, …). */
  suberror: string | null;
  /** The AADSTS number (`error_codes[0]`). */
  aadsts: number | null;
  /** The HTTP status of the answer, when known. */
  status: number | null;
};

/**
 * - revoked_by_instructor: the app's consent is gone: the instructor removed the app from their Microsoft
 *   account. Their disconnection: Removal runs and the connection ends Disconnected by instructor.
 * - reconnect_needed: the grant stands but Microsoft wants the user again (tokens or sessions revoked, password
 *   reset, MFA or Conditional Access, a refresh token expired by inactivity): Reconnect needed + a reconnect email.
 * - transient: network, throttling, outages, or a failure that is ours or Microsoft's to fix: retried later,
 *   the status never changes.
 */
export const refusedGrantVerdicts = ["revoked_by_instructor", "reconnect_needed", "transient"] as const;
export type RefusedGrantVerdict = (typeof refusedGrantVerdicts)[number];

/**
 * AADSTS65001 DelegationDoesNotExist (on a refresh: `invalid_grant` + suberror `consent_required`): no consent
 * for the app any more. It would also answer a refresh asking for a scope never consented, so the scopes a
 * refresh asks (CONNECT_SCOPES) must never grow without everyone connecting again.
 */
const CONSENT_GONE = 65001;
/** Outages the identity platform names itself (an injected or real 5xx/429 body carries one of these). */
const OUTAGE_ERRORS = new Set(["temporarily_unavailable", "server_error"]);
/** MSAL's "interaction required" answers (reference §11), and a bare `invalid_grant`. */
const SIGN_IN_AGAIN_ERRORS = new Set([
  "invalid_grant",
  "interaction_required",
  "consent_required",
  "login_required",
  "bad_token",
  "ui_not_allowed",
  "interrupted_user",
]);
const SIGN_IN_AGAIN_SUBERRORS = new Set([
  "message_only",
  "additional_action",
  "basic_action",
  "user_password_expired",
  "consent_required",
  "bad_token",
  "ui_not_allowed",
  "interrupted_user",
]);
/**
 * The AADSTS codes of §10.2 that ask for the user again: 50173 tokens or sessions revoked (password reset), 70008
 * and 700082 refresh token expired by inactivity, 70043 sign-in frequency, 50076 / 50079 MFA, 53003 blocked by
 * Conditional Access, 50058 not signed in.
 */
const SIGN_IN_AGAIN_CODES = new Set([50173, 70008, 700082, 70043, 50076, 50079, 53003, 50058]);
/** MSAL found nothing to refresh with in the stored cache. */
const NOTHING_STORED = new Set(["no_tokens_found", "refresh_token_expired", "no_account_found"]);

/** The one rule: what a token failure means for the connection. */
export function classifyGrantFailure(failure: GrantFailure): RefusedGrantVerdict {
  const { error, suberror, aadsts, status } = failure;
  // An outage is never the instructor's doing, whatever else the answer says.
  if (status !== null && (status === 429 || status >= 500)) return "transient";
  if (error !== null && OUTAGE_ERRORS.has(error)) return "transient";
  if (aadsts === CONSENT_GONE) return "revoked_by_instructor";
  if (suberror === "consent_required" && (error === "invalid_grant" || error === "consent_required"))
    return "revoked_by_instructor";
  if (aadsts !== null && SIGN_IN_AGAIN_CODES.has(aadsts)) return "reconnect_needed";
  if (error !== null && (SIGN_IN_AGAIN_ERRORS.has(error) || NOTHING_STORED.has(error))) return "reconnect_needed";
  if (suberror !== null && SIGN_IN_AGAIN_SUBERRORS.has(suberror)) return "reconnect_needed";
  return "transient";
}

/**
 * What the refused-grant service does with a verdict, given the connection's status as it reads it:
 * - start_removal: turn it `disconnecting` as the instructor's disconnection and request the removal job.
 * - mark_reconnect_needed: turn it Reconnect needed and email a reconnect link.
 * - dead_token: it is being removed; the removal job's own path (purge locally, list the leftovers, email a
 *   finish-removal link) deals with a refused token.
 * - nothing: transient (retried by the job that noticed), already marked, gone, or no connection.
 */
export type RefusedGrantAction = "start_removal" | "mark_reconnect_needed" | "dead_token" | "nothing";

export function refusedGrantAction(verdict: RefusedGrantVerdict, status: ConnectionStatus | null): RefusedGrantAction {
  if (verdict === "transient" || status === null) return "nothing";
  if (status === "disconnecting") return "dead_token";
  if (status === "disconnected" || status === "disconnected_by_instructor") return "nothing";
  // Removing the app is the instructor's disconnection, even while a reconnect was awaited.
  if (verdict === "revoked_by_instructor") return "start_removal";
  return status === "reconnect_needed" ? "nothing" : "mark_reconnect_needed";
}
