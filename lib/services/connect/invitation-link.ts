import { eq } from "drizzle-orm";
import { invitations } from "@/db/schema";
import { open } from "@/lib/crypto/encrypt";
import type { ServiceContext } from "@/lib/context/service-context";
import { invitationTokenContext } from "./internal/issue-invitation";

/** The path of an invitation's wizard (`/connect/<token>`), recovered from its sealed token. */
export async function invitationLink({
  ctx,
  invitationId,
}: {
  ctx: ServiceContext;
  invitationId: string;
}): Promise<string | null> {
  const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, invitationId));
  if (!row) return null;
  const token = open(
    ctx.secrets.tokenKeyRing(),
    { keyId: row.tokenKeyId, ciphertext: row.tokenCiphertext },
    invitationTokenContext(row.id),
  );
  return `/connect/${token}`;
}
