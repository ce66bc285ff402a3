import type { ServiceContext } from "@/lib/context/service-context";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import type { GraphSubscriptionClient } from "@/lib/graph/subscription-client";
import { NOTIFICATION_PATH, renewalDue, subscriptionExpiry } from "@/lib/sync/change-notifications";
import { isLive } from "@/lib/sync/connection-state";
import { handleRefusedGrant } from "../sync/handle-refused-grant";
import { hashClientState, newClientState } from "./internal/client-state";
import { saveSubscriptionRow, subscriptionTarget } from "./internal/subscription-rows";

export type EnsureSubscriptionResult =
  | { outcome: "created" | "renewed" | "current"; expiresAt: string }
  | { outcome: "skipped" | "failed" | "refused"; reason: string };

/**
 * Makes sure a live connection has a working Graph subscription on its events (graph-behaviour.md §9):
 * creates one when it has none or Graph removed it, and renews it when it nears expiry or `renewNow` (a
 * `reauthorizationRequired`) by replacing it with a new subscription under a new `clientState` (issue 22: a
 * captured notification stops matching at the next renewal), the old one deleted afterwards. Skipped without a public https notification URL (the hourly
 * pull covers). A refused grant goes to the refused-grant path (Reconnect needed, or the instructor's
 * own disconnection); other Graph refusals are recorded as failed for the renewal cron to retry;
 * throttling and outages are recorded and rethrown for the job to retry.
 */
export async function ensureCalendarSubscription({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; renewNow?: boolean };
}): Promise<EnsureSubscriptionResult> {
  const base = ctx.config.notificationBaseUrl;
  if (!base) return { outcome: "skipped", reason: "no public https URL for notifications" };
  const target = await subscriptionTarget(ctx.db, input.connectionId);
  if (!target) return { outcome: "skipped", reason: "no such connection" };
  if (!isLive(target.status) || !target.homeAccountId || !ctx.graph)
    return { outcome: "skipped", reason: ctx.graph ? `the connection is ${target.status}` : "no Microsoft app" };
  const client = ctx.graph.subscriptionsFor({ id: target.connectionId, homeAccountId: target.homeAccountId });
  const existing = target.subscription;
  const now = ctx.now();

  try {
    if (existing?.graphSubscriptionId && (existing.status === "active" || existing.status === "renewing")) {
      if (!input.renewNow && existing.status === "active" && !renewalDue(existing.expiresAt, now))
        return { outcome: "current", expiresAt: existing.expiresAt!.toISOString() };
      const renewed = await renewWithNewClientState(client, `${base}${NOTIFICATION_PATH}`, now);
      await saveSubscriptionRow(
        ctx.db,
        target.connectionId,
        { ...renewed, status: "active", lastError: null },
        ctx.now(),
      );
      await retire(client, existing.graphSubscriptionId);
      return { outcome: "renewed", expiresAt: renewed.expiresAt.toISOString() };
    } else if (existing?.graphSubscriptionId && existing.status === "failed") {
      await client.delete(existing.graphSubscriptionId); // may still exist at Graph; 404 is fine
    }
    const created = await create(client, `${base}${NOTIFICATION_PATH}`, now);
    await saveSubscriptionRow(
      ctx.db,
      target.connectionId,
      {
        graphSubscriptionId: created.id,
        clientStateHash: created.clientStateHash,
        expiresAt: created.expiresAt,
        status: "active",
        lastError: null,
      },
      ctx.now(),
    );
    return { outcome: "created", expiresAt: created.expiresAt.toISOString() };
  } catch (error) {
    if (error instanceof ReconnectRequiredError) {
      await saveSubscriptionRow(ctx.db, target.connectionId, failedWith(error), ctx.now());
      await handleRefusedGrant({ ctx, instructorId: target.instructorId, error });
      return { outcome: "refused", reason: error.message };
    }
    await saveSubscriptionRow(ctx.db, target.connectionId, failedWith(error), ctx.now());
    if (error instanceof MicrosoftUnavailableError) throw error;
    return { outcome: "failed", reason: failedWith(error).lastError };
  }
}

/**
 * A renewal rotates the subscription's `clientState`, so notifications captured before it stop matching. Graph's
 * PATCH changes only the expiry (graph-behaviour.md §9.5), so the renewal is a new subscription with a new
 * secret; the old one is deleted once the new one is stored (see `retire`).
 */
async function renewWithNewClientState(client: GraphSubscriptionClient, url: string, now: Date) {
  const created = await create(client, url, now);
  return { graphSubscriptionId: created.id, clientStateHash: created.clientStateHash, expiresAt: created.expiresAt };
}

/** Deletes the replaced subscription; if that fails it only lives on until its expiry, its notifications rejected. */
async function retire(client: GraphSubscriptionClient, id: string) {
  try {
    await client.delete(id);
  } catch (error) {
    if (error instanceof ReconnectRequiredError) throw error;
    console.warn(
      JSON.stringify({ event: "subscription_retire_failed", error: error instanceof Error ? error.name : "unknown" }),
    );
  }
}

async function create(client: GraphSubscriptionClient, url: string, now: Date) {
  const clientState = newClientState();
  const created = await client.create({
    notificationUrl: url,
    lifecycleNotificationUrl: url,
    clientState,
    expirationDateTime: subscriptionExpiry(now),
  });
  return { ...created, clientStateHash: hashClientState(clientState) };
}

function failedWith(error: unknown) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { status: "failed" as const, lastError: message.slice(0, 500) };
}
