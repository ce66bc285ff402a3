import { and, count, eq, gt, max } from "drizzle-orm";
import { pushEntries } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/**
 * The removal's look at pushes still sending to the connection: entries whose lease a push holds and has not
 * yet expired. A push that claimed an entry before the removal began (docs/decisions/0003-fencing.md) may
 * have a create on its way to Outlook; the job sweeps only once these leases are given back or expired, so
 * what they create is there to be found by its tag and deleted. No new lease can appear meanwhile: claims
 * check the removal fence. `heldForMs`: until the last lease expires (0: nothing in flight).
 */
export async function findPushesInFlight({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { connectionId: string };
}): Promise<{ entries: number; heldForMs: number }> {
  const now = ctx.now();
  const [row] = await ctx.db
    .select({ entries: count(), until: max(pushEntries.leaseUntil) })
    .from(pushEntries)
    .where(and(eq(pushEntries.connectionId, input.connectionId), gt(pushEntries.leaseUntil, now)));
  const until = row?.until ? new Date(row.until) : null;
  return { entries: row?.entries ?? 0, heldForMs: until ? Math.max(0, until.getTime() - now.getTime()) : 0 };
}
