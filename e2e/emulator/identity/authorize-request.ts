/**
 * Validating /authorize query parameters (reference §10.1). Errors Entra cannot safely redirect
 * (unknown client, unregistered redirect URI) are shown on its own error page; the rest go back to
 * the app as `error` + `error_description` + `state`. Unknown extra parameters (MSAL's x-client-*,
 * client-request-id, clidata...) are ignored, as Entra does.
 */
import type { AppRegistration, EmulatorState } from "../state";
import { findApp, isAllowedRedirectUri } from "./apps";
import { parsePkceMethod, type PkceMethod } from "./pkce";
import { parseScopes } from "./scopes";

export type ResponseMode = "query" | "fragment" | "form_post";

export type AuthorizeRequest = {
  clientId: string;
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
  /** Scopes in the client's own form, and canonical permission names. */
  requested: string[];
  permissions: string[];
  codeChallenge?: string;
  codeChallengeMethod?: PkceMethod;
  nonce?: string;
  prompt?: string;
  loginHint?: string;
  clientInfo: boolean;
};

export type AuthorizeValidation =
  | { ok: true; request: AuthorizeRequest; app: AppRegistration }
  | { ok: false; kind: "page"; code: number; message: string }
  | {
      ok: false;
      kind: "redirect";
      redirectUri: string;
      responseMode: ResponseMode;
      state?: string;
      error: string;
      description: string;
    };

export function validateAuthorizeRequest(
  state: EmulatorState,
  query: URLSearchParams,
  ownOrigins: readonly string[],
): AuthorizeValidation {
  const clientId = query.get("client_id");
  const app = findApp(state, clientId);
  if (!clientId) return page(900144, "The request body must contain the following parameter: 'client_id'.");
  if (!app) return page(700016, `Application with identifier '${clientId}' was not found in the directory.`);
  const redirectUri = query.get("redirect_uri");
  if (!redirectUri) return page(900144, "The request body must contain the following parameter: 'redirect_uri'.");
  if (!isAllowedRedirectUri(app, redirectUri)) {
    return page(
      50011,
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
    );
  }
  const modeParam = query.get("response_mode") ?? "query";
  const responseMode: ResponseMode = modeParam === "form_post" || modeParam === "fragment" ? modeParam : "query";
  const stateParam = query.get("state") ?? undefined;
  const fail = (error: string, description: string): AuthorizeValidation => ({
    ok: false,
    kind: "redirect",
    redirectUri,
    responseMode,
    ...(stateParam !== undefined ? { state: stateParam } : {}),
    error,
    description,
  });

  const responseType = query.get("response_type");
  if (!responseType)
    return fail(
      "invalid_request",
      "AADSTS900144: The request body must contain the following parameter: 'response_type'.",
    );
  if (responseType !== "code")
    return fail(
      "unsupported_response_type",
      `AADSTS700054: response_type '${responseType}' is not enabled for the application.`,
    );
  const scope = query.get("scope");
  if (!scope)
    return fail("invalid_request", "AADSTS900144: The request body must contain the following parameter: 'scope'.");
  const scopes = parseScopes(scope, app, ownOrigins);
  if (!scopes.ok) return fail(scopes.error, scopes.description);

  const codeChallenge = query.get("code_challenge") ?? undefined;
  const method = parsePkceMethod(query.get("code_challenge_method"));
  if (codeChallenge !== undefined && !method) {
    return fail(
      "invalid_request",
      "AADSTS501491: Invalid size of Code_Challenge parameter or unsupported code_challenge_method.",
    );
  }
  const request: AuthorizeRequest = {
    clientId: app.clientId,
    redirectUri,
    responseMode,
    requested: scopes.requested,
    permissions: scopes.permissions,
    clientInfo: query.get("client_info") === "1",
    ...optional("state", stateParam),
    ...optional("codeChallenge", codeChallenge),
    ...(codeChallenge !== undefined && method ? { codeChallengeMethod: method } : {}),
    ...optional("nonce", query.get("nonce") ?? undefined),
    ...optional("prompt", query.get("prompt") ?? undefined),
    ...optional("loginHint", query.get("login_hint") ?? undefined),
  };
  return { ok: true, request, app };
}

function page(code: number, message: string): AuthorizeValidation {
  return { ok: false, kind: "page", code, message };
}

/** Spread helper that keeps `exactOptionalPropertyTypes`-style objects free of explicit undefined. */
function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === "" ? {} : ({ [key]: value } as Record<K, string>);
}
