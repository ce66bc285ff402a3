/** The identity platform half: its routes and how it recognises the user behind a request. */
import { headerValue } from "../core/http";
import type { EmulatorContext, EmulatorRequest, Route } from "../core/types";
import { findUserByEmail } from "../state";
import { adminConsentRoutes } from "./admin-consent-routes";
import { authorizeRoutes } from "./authorize-routes";
import { discoveryRoutes } from "./discovery-routes";
import { deviceCodeRoutes } from "./device-code";
import { tokenRoutes } from "./token-routes";
import { userIdFromBearer } from "./verify-access-token";

export const identityRoutes: Route[] = [
  ...discoveryRoutes,
  ...authorizeRoutes,
  ...adminConsentRoutes,
  ...tokenRoutes,
  ...deviceCodeRoutes,
];

/**
 * For the request log and per-user faults: a bearer token, an auth code, a refresh token or a
 * sign-in email. An app-only token acts for no user, so its Graph calls count for the mailbox they
 * address (`/v1.0/users/{id|upn}/…`): a fault filtered by userId hits app-only and delegated calls alike.
 */
export function identifyUser(req: EmulatorRequest, ctx: EmulatorContext): string | undefined {
  const authorization = headerValue(req.headers.authorization);
  if (authorization?.toLowerCase().startsWith("bearer "))
    return userIdFromBearer(ctx, authorization) ?? addressedUser(req, ctx);
  const code = req.form.get("code");
  if (code) return ctx.state.codes.get(code)?.userId;
  const refreshToken = req.form.get("refresh_token");
  if (refreshToken) return ctx.state.refreshTokens.get(refreshToken)?.userId;
  const login = req.form.get("login");
  if (login) return findUserByEmail(ctx.state, login)?.id;
  return undefined;
}

function addressedUser(req: EmulatorRequest, ctx: EmulatorContext): string | undefined {
  const segment = /^\/v1\.0\/users\/([^/]+)/i.exec(req.path)?.[1];
  if (!segment) return undefined;
  return ctx.state.users.has(segment) ? segment : findUserByEmail(ctx.state, segment)?.id;
}
