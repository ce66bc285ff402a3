import { and, eq, inArray, isNull } from "drizzle-orm";
import { authRequests, calendarConnections, invitations } from "@/db/schema";
import { tokenKeyRing } from "@/lib/local-secrets";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { hashToken } from "@/lib/connect/secret-tokens";
import { classifySignInError, aadstsCode } from "@/lib/connect/sign-in-outcome";
import { describeMsalError } from "@/lib/graph/errors";
import { createElement } from "react";
import { ConnectedEmail } from "@/emails/connected-email";
import { privacyModes } from "@/lib/connect/what-is-shared";
import { InvalidConnectionTransitionError, nextConnectionStatus, statusesAccepting } from "@/lib/sync/connection-state";
import type { ServiceContext } from "./context";
import { connectionPageUrl } from "./connection-link";
import { deliverEmail } from "./deliver-email";
import { logConnectionEvent } from "./log-connection-event";
import { openInvitationById } from "./open-invitation";
import { noteTenant } from "./note-tenant";

export type ConnectOutcome =
  | { kind: "connected"; instructorId: string; privacyMode: "full_private" | "default" }
  | { kind: "cancelled" | "admin_approval"; invitationId: string; instructorId: string }
  | { kind: "failed"; reason: "invalid_request" | "expired" | "invitation" | "microsoft"; message: string; invitationId?: string };

const failed = (reason: Extract<ConnectOutcome, { kind: "failed" }>["reason"], message: string, invitationId?: string): ConnectOutcome =>
  ({ kind: "failed", reason, message, invitationId });

/**
 * Finishes the sign-in Microsoft redirected back from. The state must name a sign-in this browser
 * started (its cookie matches), not used before and not stale; MSAL checks the nonce when redeeming.
 */
export async function completeConnect({ ctx, query, browserBinding }: {
  ctx: ServiceContext;
  query: Record<string, string | undefined>;
  browserBinding: string | null;
}): Promise<ConnectOutcome> {
  const [request] = query.state
    ? await ctx.db.select().from(authRequests).where(and(eq(authRequests.state, query.state), eq(authRequests.kind, "connect")))
    : [];
  if (!request || !browserBinding || request.browserBindingHash !== hashToken(browserBinding))
    return failed("invalid_request", "This sign-in did not start in this browser, or its link was altered.");
  const [claimed] = await ctx.db.update(authRequests).set({ usedAt: ctx.now() })
    .where(and(eq(authRequests.id, request.id), isNull(authRequests.usedAt))).returning({ id: authRequests.id });
  if (!claimed) return failed("invalid_request", "This sign-in was already completed.");
  if (request.expiresAt <= ctx.now()) return failed("expired", "The sign-in took too long. Please start again.", request.invitationId ?? undefined);

  const found = await openInvitationById(ctx, request.invitationId!);
  if (!found.ok) return failed("invitation", "This invitation can no longer be used.");
  const { invitation, instructor } = found.value;

  if (query.error) {
    const meaning = classifySignInError(query.error, query.error_description);
    const code = aadstsCode(query.error_description);
    await logConnectionEvent(ctx, instructor.id, `sign_in_${meaning}`, `Microsoft sign-in ended: ${query.error}${code ? ` (AADSTS${code})` : ""}`);
    if (meaning === "admin_approval") {
      await noteTenant(ctx, { domain: instructor.email.split("@")[1]!, approvalRequired: true });
      return { kind: "admin_approval", invitationId: invitation.id, instructorId: instructor.id };
    }
    if (meaning === "cancelled") return { kind: "cancelled", invitationId: invitation.id, instructorId: instructor.id };
    return failed("microsoft", query.error_description?.split("\n")[0] ?? query.error, invitation.id);
  }
  if (!query.code || !ctx.microsoft) return failed("invalid_request", "Microsoft did not send a sign-in code.", invitation.id);

  let account;
  try {
    account = await ctx.microsoft.redeemCode({ code: query.code, codeVerifier: request.pkceVerifier!, nonce: request.nonce!, state: request.state });
  } catch (error) {
    const message = describeMsalError(error);
    await logConnectionEvent(ctx, instructor.id, "sign_in_failed", `Microsoft sign-in could not be completed: ${message}`);
    if (classifySignInError("", message) === "admin_approval") return { kind: "admin_approval", invitationId: invitation.id, instructorId: instructor.id };
    return failed("microsoft", "Microsoft did not accept the sign-in. Please try again.", invitation.id);
  }

  const privacyMode = request.privacyMode ?? "full_private";
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [existing] = await tx.select({ status: calendarConnections.status }).from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    const status = nextConnectionStatus(existing?.status ?? null, { type: "signed_in" });
    const values = {
      status, privacyMode, homeAccountId: account.homeAccountId, microsoftTenantId: account.tenantId,
      microsoftUsername: account.username, connectedAt: now, disconnectedAt: null, updatedAt: now,
    };
    const [connection] = await tx.insert(calendarConnections).values({ instructorId: instructor.id, ...values, createdAt: now })
      .onConflictDoUpdate({ target: calendarConnections.instructorId, set: values, setWhere: inArray(calendarConnections.status, statusesAccepting("signed_in")) })
      .returning({ id: calendarConnections.id });
    if (!connection) throw new InvalidConnectionTransitionError(existing?.status ?? null, "signed_in");
    await encryptedTokenCacheStore(tx, tokenKeyRing).save(connection.id, account.serializedCache, null);
    await tx.update(invitations).set({ usedAt: now }).where(eq(invitations.id, invitation.id));
  });
  await noteTenant(ctx, { tenantId: account.tenantId, domain: account.username.split("@")[1] ?? null, approvalRequired: false });
  await logConnectionEvent(ctx, instructor.id, "connected", `Connected ${account.username} in ${privacyModes[privacyMode].label}`);
  await deliverEmail(ctx, {
    kind: "connected",
    instructorId: instructor.id,
    to: instructor.email,
    subject: "Your Outlook calendar is connected",
    body: createElement(ConnectedEmail, {
      instructorName: instructor.name,
      microsoftAccount: account.username,
      privacyModeLabel: privacyModes[privacyMode].label,
      manageUrl: connectionPageUrl(ctx, instructor.id),
    }),
  });
  return { kind: "connected", instructorId: instructor.id, privacyMode };
}
