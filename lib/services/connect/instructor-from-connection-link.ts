import { eq } from "drizzle-orm";
import { calendarConnections } from "@/db/schema";
import { verifyLink } from "@/lib/connect/secret-tokens";
import type { ServiceContext } from "@/lib/context/service-context";

export type ManageLinkCheck =
  { ok: true; instructorId: string; version: number } | { ok: false; reason: "invalid" | "expired" };

/** Whether a manage link is genuine, unexpired and of the connection's current version. */
export async function instructorFromConnectionLink({
  ctx,
  link,
}: {
  ctx: ServiceContext;
  link: string;
}): Promise<ManageLinkCheck> {
  const verified = verifyLink(ctx.secrets.linkSigningSecret(), link, ctx.now());
  if (!verified.ok) return verified;
  const match = /^([0-9a-f-]{36})_(\d+)$/.exec(verified.subject);
  if (!match) return { ok: false, reason: "invalid" };
  const [, instructorId, versionText] = match as unknown as [string, string, string];
  const [connection] = await ctx.db
    .select({ version: calendarConnections.manageLinkVersion })
    .from(calendarConnections)
    .where(eq(calendarConnections.instructorId, instructorId));
  // A retired version reads as expired: the person had a real link, it just no longer works.
  if (!connection || connection.version !== Number(versionText)) return { ok: false, reason: "expired" };
  return { ok: true, instructorId, version: connection.version };
}
