import { DateTime } from "luxon";
import { z } from "zod";
import { authRequests } from "@/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { hashToken, randomToken } from "@/lib/connect/secret-tokens";
import { privacyModeValues } from "@/lib/connect/what-is-shared";
import { expectedMicrosoftAccount } from "@/lib/connect/account-binding";
import { connectRefusal } from "@/lib/connect/connect-refusal";
import { InvalidConnectionTransitionError } from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";
import { openInvitation } from "./open-invitation";
import { parseInput } from "@/lib/parse-input";

const startConnectInput = z.object({
  privacyMode: z.enum(privacyModeValues, { message: "Choose a privacy mode" }),
  /** "Sign in as <invited address>" after the wrong account signed in: ask Microsoft for credentials again. */
  switchAccount: z.boolean().default(false),
});

/** Minutes a person has between leaving for Microsoft's sign-in and coming back. */
const SIGN_IN_WINDOW_MINUTES = 15;

/**
 * Starts the Microsoft sign-in for an invitation: fresh state, nonce and PKCE verifier, remembered
 * with the privacy choice and bound to a random value the browser keeps in a cookie. Refused
 * (InvalidConnectionTransitionError) while the instructor's connection could not take the sign-in, e.g. its
 * previous removal is still running: better said before the person signs in than after.
 */
export async function startConnect({ ctx, token, input }: { ctx: ServiceContext; token: string; input: unknown }) {
  const { privacyMode, switchAccount } = parseInput(startConnectInput, input);
  const found = await openInvitation({ ctx, token });
  if (!found.ok) throw new NotFoundError("Invitation", found.reason);
  const status = found.value.connection?.status ?? null;
  if (found.value.invitation.purpose !== "finish_removal" && connectRefusal(status))
    throw new InvalidConnectionTransitionError(status, "signed_in");
  if (!ctx.microsoft) throw new ConflictError("Microsoft 365 sign-in is not configured on this server");

  const state = randomToken();
  const nonce = randomToken();
  const browserBinding = randomToken();
  const { verifier, challenge } = await ctx.microsoft.pkce();
  const now = ctx.now();
  await ctx.db.insert(authRequests).values({
    kind: "connect",
    state,
    nonce,
    pkceVerifier: verifier,
    browserBindingHash: hashToken(browserBinding),
    invitationId: found.value.invitation.id,
    privacyMode,
    createdAt: now,
    expiresAt: DateTime.fromJSDate(now).plus({ minutes: SIGN_IN_WINDOW_MINUTES }).toJSDate(),
  });
  const authorizeUrl = await ctx.microsoft.authCodeUrl({
    state,
    nonce,
    codeChallenge: challenge,
    loginHint: expectedMicrosoftAccount(found.value.instructor),
    ...(switchAccount && { prompt: "login" as const }),
  });
  return { authorizeUrl, browserBinding };
}
