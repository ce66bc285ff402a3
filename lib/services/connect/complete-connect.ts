import { and, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { authRequests, calendarConnections, invitations } from "@/db/schema";
import { openRun } from "@/db/queries/sync-runs";
import { inTransaction } from "@/lib/context/in-transaction";
import { isUniqueViolation } from "@/db/errors";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { hashToken } from "@/lib/connect/secret-tokens";
import { classifySignInError, aadstsCode } from "@/lib/connect/sign-in-outcome";
import { domainOf, expectedMicrosoftAccount, isInvitedAccount } from "@/lib/connect/account-binding";
import { connectRefusal } from "@/lib/connect/connect-refusal";
import type { ProblemCode } from "@/lib/connect/public-messages";
import { describeMsalError } from "@/lib/graph/errors";
import { describeError } from "@/lib/errors";
import type { RedeemedAccount } from "@/lib/graph/microsoft-identity";
import { createElement } from "react";
import { ConnectedEmail } from "@/emails/connected-email";
import { privacyModes, type PrivacyMode } from "@/lib/connect/what-is-shared";
import { InvalidConnectionTransitionError, nextConnectionStatus, statusesAccepting } from "@/lib/sync/connection-state";
import type { ServiceContext } from "@/lib/context/service-context";
import { connectionLinkToken, connectionPageUrl } from "./internal/connection-link";
import { deliverEmail } from "../internal/deliver-email";
import { logConnectionEvent } from "../internal/log-connection-event";
import { openInvitationById } from "./internal/find-invitation";
import { type OpenInvitation } from "./open-invitation";
import { noteTenant } from "./internal/note-tenant";
import { removalProgressLink } from "./internal/removal-progress-link";
import { transitionConnection } from "../sync/transition-connection";

export type ConnectOutcome =
  | { kind: "connected"; instructorId: string; privacyMode: PrivacyMode; manageLink: string }
  /** A finish-removal link: signed in only so the removal job can delete our entries left in Outlook. */
  | { kind: "removal_resumed"; instructorId: string; runId: string; progressLink: string }
  | { kind: "cancelled" | "admin_approval"; invitationId: string; instructorId: string }
  /** Someone other than the invited instructor signed in; nothing was kept (see `wrongAccountAttempt`). */
  | { kind: "wrong_account"; invitationId: string; instructorId: string; attemptId: string }
  | { kind: "failed"; code: ProblemCode; invitationId?: string };

const failed = (code: ProblemCode, invitationId?: string): ConnectOutcome => ({ kind: "failed", code, invitationId });

/** Thrown inside the connection transaction to roll it back when another completion won. */
class InvitationAlreadyUsed extends Error {
  override name = "InvitationAlreadyUsed";
}

/**
 * Finishes the sign-in Microsoft redirected back from. The state must name a sign-in this browser
 * started (its cookie matches), not used before and not stale; MSAL checks the nonce when redeeming.
 * The account must be the invited instructor's own, and may back no other instructor.
 */
export async function completeConnect({
  ctx,
  query,
  browserBinding,
}: {
  ctx: ServiceContext;
  query: Record<string, string | undefined>;
  browserBinding: string | null;
}): Promise<ConnectOutcome> {
  const [request] = query.state
    ? await ctx.db
        .select()
        .from(authRequests)
        .where(and(eq(authRequests.state, query.state), eq(authRequests.kind, "connect")))
    : [];
  if (!request || !browserBinding || request.browserBindingHash !== hashToken(browserBinding))
    return failed("not_this_browser");
  const [claimed] = await ctx.db
    .update(authRequests)
    .set({ usedAt: ctx.now() })
    .where(and(eq(authRequests.id, request.id), isNull(authRequests.usedAt)))
    .returning({ id: authRequests.id });
  if (!claimed) return failed("already_completed");
  if (request.expiresAt <= ctx.now()) return failed("too_slow", request.invitationId ?? undefined);

  const found = await openInvitationById(ctx, request.invitationId!);
  if (!found.ok) return failed(found.reason === "used" ? "invitation_used" : "invitation_unusable");
  const { invitation, instructor } = found.value;

  if (query.error) {
    const meaning = classifySignInError(query.error, query.error_description);
    const code = aadstsCode(query.error_description);
    await logConnectionEvent(
      ctx,
      instructor.id,
      `sign_in_${meaning}`,
      `Microsoft sign-in ended: ${query.error}${code ? ` (AADSTS${code})` : ""}`,
    );
    if (meaning === "admin_approval") {
      await noteTenant(ctx, { domain: domainOf(instructor.email), approvalRequired: true });
      return { kind: "admin_approval", invitationId: invitation.id, instructorId: instructor.id };
    }
    if (meaning === "cancelled") return { kind: "cancelled", invitationId: invitation.id, instructorId: instructor.id };
    return failed("microsoft_error", invitation.id);
  }
  if (!query.code || !ctx.microsoft) return failed("no_code", invitation.id);

  let account: RedeemedAccount;
  try {
    account = await ctx.microsoft.redeemCode({
      code: query.code,
      codeVerifier: request.pkceVerifier!,
      nonce: request.nonce!,
      state: request.state,
    });
  } catch (error) {
    const message = describeMsalError(error);
    await logConnectionEvent(
      ctx,
      instructor.id,
      "sign_in_failed",
      `Microsoft sign-in could not be completed: ${message}`,
    );
    if (classifySignInError("", message) === "admin_approval")
      return { kind: "admin_approval", invitationId: invitation.id, instructorId: instructor.id };
    return failed("microsoft_refused", invitation.id);
  }

  const expected = expectedMicrosoftAccount(instructor);
  if (!isInvitedAccount(expected, account)) {
    // Typically an IT admin who approved the app from "Need admin approval" and was then signed in
    // themselves. Their tokens are dropped; the instructor signs in next (see the wrong-account page).
    await ctx.db.update(authRequests).set({ signedInAs: account.username }).where(eq(authRequests.id, request.id));
    await logConnectionEvent(
      ctx,
      instructor.id,
      "wrong_account",
      `${account.username} signed in, but the invitation is for ${expected}; nothing was connected`,
    );
    return { kind: "wrong_account", invitationId: invitation.id, instructorId: instructor.id, attemptId: request.id };
  }
  if (await accountBacksAnotherInstructor(ctx, account, instructor.id))
    return accountInUse(ctx, instructor.id, account, invitation.id);

  if (invitation.purpose === "finish_removal") {
    try {
      return await resumeRemoval(ctx, found.value, account);
    } catch (error) {
      if (error instanceof InvitationAlreadyUsed) return failed("invitation_used", invitation.id);
      if (error instanceof InvalidConnectionTransitionError) return failed("invitation_unusable", invitation.id);
      throw error;
    }
  }

  const privacyMode = request.privacyMode ?? "full_private";
  let manageLinkVersion: number;
  let connectionId: string;
  try {
    ({ manageLinkVersion, id: connectionId } = await storeConnection(ctx, found.value, account, privacyMode));
  } catch (error) {
    if (error instanceof InvitationAlreadyUsed) return failed("invitation_used", invitation.id);
    if (isUniqueViolation(error)) return accountInUse(ctx, instructor.id, account, invitation.id);
    // Typically the previous connection is still being removed (`disconnecting`); nothing was stored and the
    // invitation still works, so the page says when to come back.
    if (error instanceof InvalidConnectionTransitionError)
      return failed(connectRefusal(error.from) ?? "connection_changed", invitation.id);
    throw error;
  }
  // Committed: the calendar is connected whatever happens next, so nothing below may turn the outcome into an
  // error page. The first pull, then its change-notification subscription (renewed at once on a reconnect:
  // Graph may have dropped it while the grant was dead); a refused send leaves them to the hourly pull and the
  // subscription renewal cron. The tenant note, the log line and the email are told apart in the log.
  await afterCommit("first pull not queued", () =>
    ctx.jobs.send({ name: "sync/pull.requested", data: { connectionId, trigger: "connect" } }),
  );
  if (ctx.config.notificationBaseUrl)
    await afterCommit("subscription not queued", () =>
      ctx.jobs.send({ name: "sync/subscription.requested", data: { connectionId, renewNow: true } }),
    );
  await afterCommit("tenant not noted", () =>
    noteTenant(ctx, {
      tenantId: account.tenantId,
      domain: domainOf(account.username) || null,
      approvalRequired: false,
    }),
  );
  await afterCommit("connection not logged", () =>
    logConnectionEvent(
      ctx,
      instructor.id,
      "connected",
      `Connected ${account.username} in ${privacyModes[privacyMode].label}`,
    ),
  );
  await afterCommit("connected email not sent", () =>
    deliverEmail(ctx, {
      kind: "connected",
      instructorId: instructor.id,
      to: instructor.email,
      subject: "Your Outlook calendar is connected",
      body: createElement(ConnectedEmail, {
        instructorName: instructor.name,
        microsoftAccount: account.username,
        privacyModeLabel: privacyModes[privacyMode].label,
        manageUrl: connectionPageUrl(ctx, instructor.id, manageLinkVersion),
      }),
    }),
  );
  return {
    kind: "connected",
    instructorId: instructor.id,
    privacyMode,
    manageLink: connectionLinkToken(ctx, instructor.id, manageLinkVersion),
  };
}

/**
 * A finish-removal sign-in: claim the invitation, store the new token cache, turn the disconnected
 * connection `disconnecting` again (it never turns live, so nothing syncs) and queue the removal job, which
 * sweeps our entries and deletes the token again. Who disconnected it originally stays its final status: the
 * instructor signing in here only lets the clean-up reach their Outlook; it does not make an admin's removal
 * theirs (the link goes to the instructor whoever disconnected).
 */
async function resumeRemoval(
  ctx: ServiceContext,
  { invitation, instructor }: OpenInvitation,
  account: RedeemedAccount,
) {
  const resumed = await inTransaction(ctx, async (tx) => {
    const now = tx.now();
    const [won] = await tx.db
      .update(invitations)
      .set({ usedAt: now })
      .where(
        and(
          eq(invitations.id, invitation.id),
          isNull(invitations.usedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id });
    if (!won) throw new InvitationAlreadyUsed();
    const [existing] = await tx.db
      .select({ id: calendarConnections.id, status: calendarConnections.status })
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    // Records the original requester again (Disconnected by instructor → instructor, else admin: see
    // `requesterAfter`), so the removal ends as it was before this sign-in.
    const moved = await transitionConnection({
      ctx: tx,
      where: { instructorId: instructor.id },
      event: { type: "finish_removal_signed_in" },
    });
    if (!moved) throw new InvalidConnectionTransitionError(existing?.status ?? null, "finish_removal_signed_in");
    await tx.db
      .update(calendarConnections)
      .set({ homeAccountId: account.homeAccountId, microsoftUsername: account.username })
      .where(eq(calendarConnections.id, moved.id));
    await encryptedTokenCacheStore(tx.db, tx.secrets.tokenKeyRing).save(moved.id, account.serializedCache, null);
    const runId = await openRun(tx.db, { connectionId: moved.id, kind: "removal", trigger: "manual", now });
    await logConnectionEvent(
      tx,
      instructor.id,
      "finish_removal_signed_in",
      `${account.username} signed in to finish the removal`,
    );
    await tx.jobs.send({
      name: "calendar/removal.requested",
      data: { connectionId: moved.id, by: moved.disconnectRequestedBy ?? "admin", runId },
    });
    return { runId };
  });
  return {
    kind: "removal_resumed" as const,
    instructorId: instructor.id,
    runId: resumed.runId,
    progressLink: removalProgressLink(ctx, resumed.runId),
  };
}

/**
 * In one transaction: claim the invitation (only if still open, so of two completions racing on
 * one invitation exactly one wins), then record the connection and its encrypted token cache.
 * Returns the connection's id and manage-link version, bumped when it already existed (a reconnect).
 */
async function storeConnection(
  ctx: ServiceContext,
  { invitation, instructor }: OpenInvitation,
  account: RedeemedAccount,
  privacyMode: PrivacyMode,
) {
  return inTransaction(ctx, async (t) => {
    const tx = t.db;
    const now = ctx.now();
    const [won] = await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(
        and(
          eq(invitations.id, invitation.id),
          isNull(invitations.usedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id });
    if (!won) throw new InvitationAlreadyUsed();
    const [existing] = await tx
      .select({ status: calendarConnections.status })
      .from(calendarConnections)
      .where(eq(calendarConnections.instructorId, instructor.id));
    const status = nextConnectionStatus(existing?.status ?? null, { type: "signed_in" });
    const values = {
      status,
      privacyMode,
      homeAccountId: account.homeAccountId,
      microsoftTenantId: account.tenantId,
      microsoftObjectId: account.objectId,
      microsoftUsername: account.username,
      connectedAt: now,
      disconnectedAt: null,
      // Connected again: no disconnection is pending (requesterAfter's `signed_in`).
      disconnectRequestedBy: null,
      updatedAt: now,
    };
    const [connection] = await tx
      .insert(calendarConnections)
      .values({ instructorId: instructor.id, ...values, createdAt: now })
      .onConflictDoUpdate({
        target: calendarConnections.instructorId,
        set: { ...values, manageLinkVersion: sql`${calendarConnections.manageLinkVersion} + 1` },
        setWhere: inArray(calendarConnections.status, statusesAccepting("signed_in")),
      })
      .returning({ id: calendarConnections.id, manageLinkVersion: calendarConnections.manageLinkVersion });
    if (!connection) throw new InvalidConnectionTransitionError(existing?.status ?? null, "signed_in");
    await encryptedTokenCacheStore(tx, ctx.secrets.tokenKeyRing).save(connection.id, account.serializedCache, null);
    // Every active booking goes to the calendar (and what waited through Reconnect needed converges).
    await t.jobs.send({ name: "sync/push.requested", data: { connectionId: connection.id, trigger: "connect" } });
    return connection;
  });
}

/** Work after the connection committed: a failure is logged, never thrown (the person is connected). */
async function afterCommit(what: string, work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    console.warn(`[connect] ${what}: ${describeError(error)}`);
  }
}

async function accountBacksAnotherInstructor(ctx: ServiceContext, account: RedeemedAccount, instructorId: string) {
  const [other] = await ctx.db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(
      and(
        eq(calendarConnections.microsoftTenantId, account.tenantId),
        eq(calendarConnections.microsoftObjectId, account.objectId),
        // As the unique index: a connection being or having been disconnected no longer holds its account.
        isNull(calendarConnections.disconnectedAt),
        ne(calendarConnections.instructorId, instructorId),
      ),
    );
  return !!other;
}

async function accountInUse(ctx: ServiceContext, instructorId: string, account: RedeemedAccount, invitationId: string) {
  await logConnectionEvent(
    ctx,
    instructorId,
    "account_in_use",
    `${account.username} already backs another instructor's connection; nothing was connected`,
  );
  return failed("account_in_use", invitationId);
}
