import { eq } from "drizzle-orm";
import { externalEvents, notifiedChanges, pullStates, pushEntries, removalLeftovers, tokenCaches } from "@/db/schema";
import { inTransaction } from "@/lib/context/in-transaction";
import type { ServiceContext } from "@/lib/context/service-context";
import { addRunCounts } from "@/db/queries/sync-runs";
import { removalConnection } from "./internal/removal-connection";

/**
 * Deletes everything we hold of the connection's calendar: the mirror (external_events), the delta state
 * (pull_states), the event ids notifications named (notified_changes), the push records (push_entries),
 * and last the Microsoft sign-in: MSAL's account is removed from the cache, then the encrypted blob
 * itself. `swept`: our Outlook entries are gone, so an earlier removal's leftover list is cleared too.
 * The connection row stays (its history and status); the platform's bookings (assignments) are
 * untouched. Running it again deletes nothing more. What it deleted is added to the run's counts in
 * the same transaction, so a retry after a lost answer reports the first attempt's work.
 */
export async function purgeConnectionData({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string; swept: boolean; runId?: string | null };
}) {
  const connection = await removalConnection(ctx, input.connectionId);
  if (!connection) return { mirrorRows: 0, pushEntries: 0, tokenCaches: 0, leftoversCleared: 0 };
  // A failure here leaves the blob in place, and the retried step removes both.
  if (ctx.microsoft && connection.homeAccountId)
    await ctx.microsoft.forgetAccount({ id: connection.id, homeAccountId: connection.homeAccountId });
  return inTransaction(ctx, async (tx) => {
    const mirror = await tx.db.delete(externalEvents).where(eq(externalEvents.connectionId, connection.id)).returning({
      id: externalEvents.id,
    });
    await tx.db.delete(pullStates).where(eq(pullStates.connectionId, connection.id));
    await tx.db.delete(notifiedChanges).where(eq(notifiedChanges.connectionId, connection.id));
    const pushed = await tx.db
      .delete(pushEntries)
      .where(eq(pushEntries.connectionId, connection.id))
      .returning({ id: pushEntries.id });
    const tokens = await tx.db
      .delete(tokenCaches)
      .where(eq(tokenCaches.connectionId, connection.id))
      .returning({ id: tokenCaches.connectionId });
    const cleared = input.swept
      ? await tx.db
          .delete(removalLeftovers)
          .where(eq(removalLeftovers.instructorId, connection.instructorId))
          .returning({ id: removalLeftovers.id })
      : [];
    const { counts } = await addRunCounts(tx.db, input.runId ?? null, {
      counts: {
        mirrorRows: mirror.length,
        pushEntries: pushed.length,
        tokenCaches: tokens.length,
        leftoversCleared: cleared.length,
      },
      now: tx.now(),
    });
    return {
      mirrorRows: counts.mirrorRows ?? 0,
      pushEntries: counts.pushEntries ?? 0,
      tokenCaches: counts.tokenCaches ?? 0,
      leftoversCleared: counts.leftoversCleared ?? 0,
    };
  });
}
