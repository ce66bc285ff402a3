import type { ServiceContext } from "@/lib/context/service-context";
import { MicrosoftUnavailableError, ReconnectRequiredError } from "@/lib/errors";
import { isBadRequest } from "@/lib/graph/errors";
import type { GraphSubscriptionClient } from "@/lib/graph/subscription-client";
import {
  lifetimeAfterRefusal,
  NOTIFICATION_PATH,
  renewalDue,
  subscriptionExpiry,
} from "@/lib/sync/change-notifications";
import { isLive } from "@/lib/sync/connection-state";
import { handleRefusedGrant } from "../sync/handle-refused-grant";
import { connectionClients } from "../sync/internal/connection-clients";
import { hashClientState, newClientState } from "./internal/client-state";
import { saveSubscriptionRow, subscriptionTarget } from "./internal/subscription-rows";
import { lockConnectionFence } from "@/db/queries/connection-fence";
import { inTransaction } from "@/lib/context/in-transaction";

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
  // Built as every run of a connection builds its clients (lib/services/sync/internal/connection-clients.ts).
  const clients = connectionClients(ctx, { id: target.connectionId, homeAccountId: target.homeAccountId });
  if (!isLive(target.status) || !clients)
    return { outcome: "skipped", reason: ctx.graph ? `the connection is ${target.status}` : "no Microsoft app" };
  const client = clients.subscriptions();
  const existing = target.subscription;
  const now = ctx.now();

  const url = `${base}${NOTIFICATION_PATH}`;
  try {
    const recordedId = existing?.graphSubscriptionId ?? null;
    const renewing = recordedId !== null && (existing!.status === "active" || existing!.status === "renewing");
    if (renewing && !input.renewNow && existing!.status === "active" && !renewalDue(existing!.expiresAt, now))
      return { outcome: "current", expiresAt: existing!.expiresAt!.toISOString() };
    // A renewal rotates the clientState, so notifications captured before it stop matching. Graph's PATCH
    // changes only the expiry (graph-behaviour.md §9.5): the renewal is a new subscription under a new
    // secret, and the old one is retired once the new one is stored.
    await deleteOurs(client, url, { recordedId, keepRecorded: renewing });
    const made = await create(client, url, now);
    const saved = await saveWhileLive(ctx, target.connectionId, {
      graphSubscriptionId: made.id,
      clientStateHash: made.clientStateHash,
      expiresAt: made.expiresAt,
      status: "active",
      lastError: null,
    });
    if (!saved) return await abandon(client, made.id);
    if (renewing) await retire(client, recordedId);
    return { outcome: renewing ? "renewed" : "created", expiresAt: made.expiresAt.toISOString() };
  } catch (error) {
    if (error instanceof ReconnectRequiredError) {
      await saveWhileLive(ctx, target.connectionId, failedWith(error));
      await handleRefusedGrant({ ctx, instructorId: target.instructorId, error });
      return { outcome: "refused", reason: error.message };
    }
    await saveWhileLive(ctx, target.connectionId, failedWith(error));
    if (error instanceof MicrosoftUnavailableError) throw error;
    return { outcome: "failed", reason: failedWith(error).lastError };
  }
}

/**
/**
 * Stores the subscription row only while the connection is live, under its removal fence
 * (db/queries/connection-fence.ts): a removal that began meanwhile has deleted the row and Graph's
 * subscription already, and must not find a new one behind it (the chaos script's kill during a removal).
 */
async function saveWhileLive(
  ctx: ServiceContext,
  connectionId: string,
  values: Parameters<typeof saveSubscriptionRow>[2],
): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const fence = await lockConnectionFence(tx.db, connectionId);
    if (!isLive(fence?.status)) return false;
    await saveSubscriptionRow(tx.db, connectionId, values, tx.now());
    return true;
  });
}

/** A subscription created while a removal began: deleted at Graph again (404: gone already, fine). */
async function abandon(client: GraphSubscriptionClient, id: string): Promise<EnsureSubscriptionResult> {
  await client.delete(id);
  return { outcome: "skipped", reason: "the connection is being removed" };
}

/**
 * Before a create, deletes the subscriptions of ours Graph still holds for this mailbox (our notification
 * URL, or the recorded id) but the recorded one while it is being renewed: any other was left by a create
 * whose answer was lost (a process killed after the POST, a timeout), never recorded, its notifications
 * unverifiable. So a mailbox keeps exactly one subscription of ours.
 */
async function deleteOurs(
  client: GraphSubscriptionClient,
  url: string,
  { recordedId, keepRecorded }: { recordedId: string | null; keepRecorded: boolean },
) {
  const ours = (await client.list()).filter((s) => s.notificationUrl === url || s.id === recordedId);
  for (const s of ours) if (!(keepRecorded && s.id === recordedId)) await client.delete(s.id); // 404: gone, fine
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
  const created = await withLifetimeFallback(now, (expirationDateTime) =>
    client.create({ notificationUrl: url, lifecycleNotificationUrl: url, clientState, expirationDateTime }),
  );
  return { ...created, clientStateHash: hashClientState(clientState) };
}

/**
 * Asks for the documented lifetime; a service that refuses it as too long (one still on the older
 * 4,230-minute table) is asked once more for the maximum it names (lib/sync/change-notifications.ts).
 */
async function withLifetimeFallback<T>(now: Date, call: (expiry: Date) => Promise<T>): Promise<T> {
  try {
    return await call(subscriptionExpiry(now));
  } catch (error) {
    const shorter = isBadRequest(error) ? lifetimeAfterRefusal(error.message) : null;
    if (shorter === null) throw error;
    return call(subscriptionExpiry(now, shorter));
  }
}

function failedWith(error: unknown) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { status: "failed" as const, lastError: message.slice(0, 500) };
}
