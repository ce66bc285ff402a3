import { and, eq } from "drizzle-orm";
import { authRequests } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";

/** The wrong-account page's facts: who signed in, for which invitation, with which privacy choice. */
export async function wrongAccountAttempt({
  ctx,
  invitationId,
  attemptId,
}: {
  ctx: ServiceContext;
  invitationId: string;
  attemptId: string;
}) {
  if (!/^[0-9a-f-]{36}$/.test(attemptId)) return null;
  const [row] = await ctx.db
    .select()
    .from(authRequests)
    .where(
      and(
        eq(authRequests.id, attemptId),
        eq(authRequests.invitationId, invitationId),
        eq(authRequests.kind, "connect"),
      ),
    );
  return row?.signedInAs ? { signedInAs: row.signedInAs, privacyMode: row.privacyMode ?? "full_private" } : null;
}
