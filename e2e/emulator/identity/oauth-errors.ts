/**
 * The token endpoint's error body and the AADSTS errors the emulator can produce. Shape per
 * reference §10.2 (error, error_description with Trace/Correlation/Timestamp lines, error_codes,
 * timestamp, trace_id, correlation_id, error_uri, suberror); codes per the §10.2 table. Wording of
 * descriptions follows observed responses where the reference or public issues quote them, and is
 * otherwise plausible but [UNV] (never parse descriptions — reference §10.2).
 */
import { randomUUID } from "node:crypto";
import { headerValue, json } from "../core/http";
import type { EmulatorRequest, EmulatorResponse } from "../core/types";

export type OAuthError = { status: number; error: string; code: number; description: string; suberror?: string };

const e = (status: number, error: string, code: number, description: string, suberror?: string): OAuthError => ({
  status,
  error,
  code,
  description: `AADSTS${code}: ${description}`,
  ...(suberror ? { suberror } : {}),
});

export const aadsts = {
  missingParameter: (name: string) =>
    e(400, "invalid_request", 900144, `The request body must contain the following parameter: '${name}'.`),
  malformed: () => e(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid."),
  unsupportedGrant: (grant: string) =>
    e(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grant}'.`),
  tenantNotFound: (segment: string) =>
    e(
      400,
      "invalid_request",
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    ),
  appNotFound: (clientId: string, tenant: string) =>
    e(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  missingClientSecret: () =>
    e(
      401,
      "invalid_client",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  invalidClientSecret: (clientId: string) =>
    e(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  codeRedeemed: () =>
    e(
      400,
      "invalid_grant",
      54005,
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    ),
  codeExpired: () =>
    e(
      400,
      "invalid_grant",
      70008,
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    ),
  codeForOtherClient: () =>
    e(
      400,
      "invalid_grant",
      70000,
      "The provided value for the 'code' parameter is not valid. The code was issued to a different client.",
    ),
  pkceMismatch: () =>
    e(
      400,
      "invalid_grant",
      501481,
      "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
    ),
  /** [UNV] code and text. */
  redirectMismatch: (got: string, expected: string) =>
    e(
      400,
      "invalid_grant",
      500112,
      `The reply address '${got}' does not match the reply address '${expected}' provided when requesting Authorization code.`,
    ),
  /** Consent removed (user removed the app): invalid_grant + suberror consent_required [OBS O365/python-o365#323, MicrosoftDocs/azure-docs#39189]. */
  consentRequired: (clientId: string, appName: string) =>
    e(
      400,
      "invalid_grant",
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
      "consent_required",
    ),
  /** Tokens revoked by the user or an admin; no suberror [OBS Azure/azure-cli#16745]. */
  sessionsRevoked: (issuedAt: string, validFrom: string) =>
    e(
      400,
      "invalid_grant",
      50173,
      `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issuedAt}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${validFrom}'.`,
    ),
  refreshExpired: (issuedAt: string) =>
    e(
      400,
      "invalid_grant",
      700082,
      `The refresh token has expired due to inactivity. The token was issued on ${issuedAt} and was inactive for 90.00:00:00.`,
    ),
  refreshForOtherClient: () =>
    e(
      400,
      "invalid_grant",
      70000,
      "The provided value for the 'refresh_token' parameter is not valid. The token was issued to a different client.",
    ),
  clientCredentialsScope: (scope: string) =>
    e(
      400,
      "invalid_scope",
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  /** [UNV] which code Entra gives for client_credentials against /common or /organizations. */
  clientCredentialsNeedsTenant: (segment: string) =>
    e(
      400,
      "invalid_request",
      900023,
      `Specified tenant identifier '${segment}' is neither a valid DNS name, nor a valid external domain.`,
    ),
  /** Injected faults on the token endpoint. Codes are [UNV]; the status and Retry-After are what matter to MSAL. */
  injected: (status: number) =>
    status === 429
      ? e(
          429,
          "temporarily_unavailable",
          50196,
          "The server is temporarily too busy to handle this request. Please try again later.",
        )
      : status >= 500
        ? e(status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again.")
        : e(status, "invalid_request", 90014, "The request was rejected by an injected emulator fault."),
};

/** Entra's timestamp format in error bodies: "2022-04-08 11:53:29Z". */
export function aadTimestamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "Z");
}

export function oauthErrorBody(error: OAuthError, now: number, correlationId: string, traceId: string = randomUUID()) {
  const timestamp = aadTimestamp(now);
  return {
    error: error.error,
    error_description: `${error.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
    ...(error.suberror ? { suberror: error.suberror } : {}),
  };
}

/** A JSON error response from the token endpoint; the correlation id echoes MSAL's client-request-id. */
export function tokenError(
  req: EmulatorRequest,
  error: OAuthError,
  now: number,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const correlationId = headerValue(req.headers["client-request-id"]) ?? randomUUID();
  return json(error.status, oauthErrorBody(error, now, correlationId, req.requestId), {
    "x-ms-request-id": req.requestId,
    "client-request-id": correlationId,
    ...headers,
  });
}
