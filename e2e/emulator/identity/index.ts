/** The identity platform half: its routes and how it recognises the user behind a request. */
import { headerValue } from "../core/http";
import type { EmulatorContext, EmulatorRequest, Route } from "../core/types";
import { findUserByEmail } from "../state";
import { adminConsentRoutes } from "./admin-consent-routes";
import { authorizeRoutes } from "./authorize-routes";
import { discoveryRoutes } from "./discovery-routes";
import { tokenRoutes } from "./token-routes";
import { userIdFromBearer } from "./verify-access-token";

export const identityRoutes: Route[] = [...discoveryRoutes, ...authorizeRoutes, ...adminConsentRoutes, ...tokenRoutes];

/** For the request log and per-user faults: a bearer token, an auth code, a refresh token or a sign-in email. */
export function identifyUser(req: EmulatorRequest, ctx: EmulatorContext): string | undefined {
  const authorization = headerValue(req.headers.authorization);
  if (authorization?.toLowerCase().startsWith("bearer ")) return userIdFromBearer(ctx, authorization);
  const code = req.form.get("code");
  if (code) return ctx.state.codes.get(code)?.userId;
  const refreshToken = req.form.get("refresh_token");
  if (refreshToken) return ctx.state.refreshTokens.get(refreshToken)?.userId;
  const login = req.form.get("login");
  if (login) return findUserByEmail(ctx.state, login)?.id;
  return undefined;
}
