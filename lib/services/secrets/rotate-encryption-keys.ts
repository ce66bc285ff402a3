import { and, eq, ne } from "drizzle-orm";
import { invitations, tokenCaches } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { tokenCacheContext } from "@/lib/connect/encrypted-token-cache-store";
import { open, seal } from "@/lib/crypto/encrypt";
import { invitationTokenContext } from "../connect/internal/issue-invitation";

export type RotationResult = { tokenCaches: number; invitations: number };

const BATCH = 200;

/**
 * `npm run keys:rotate`: re-encrypts every sealed value (the Microsoft token caches and the invitation links)
 * that is not under the key ring's first key, so the keys after it can be dropped from TOKEN_ENCRYPTION_KEY.
 * Each row is rewritten only if it is still the ciphertext that was read: a token cache MSAL saved meanwhile
 * was sealed with the first key already, and is left alone. Safe to run while the app serves, and again.
 */
export async function rotateEncryptionKeys({ ctx }: { ctx: ServiceContext }): Promise<RotationResult> {
  const ring = ctx.secrets.tokenKeyRing();
  const current = ring.current.id;
  const result: RotationResult = { tokenCaches: 0, invitations: 0 };
  for (;;) {
    const rows = await ctx.db.select().from(tokenCaches).where(ne(tokenCaches.keyId, current)).limit(BATCH);
    for (const row of rows) {
      const context = tokenCacheContext(row.connectionId);
      const sealed = seal(ring, open(ring, { keyId: row.keyId, ciphertext: row.ciphertext }, context), context);
      const updated = await ctx.db
        .update(tokenCaches)
        .set(sealed)
        .where(and(eq(tokenCaches.connectionId, row.connectionId), eq(tokenCaches.ciphertext, row.ciphertext)))
        .returning({ id: tokenCaches.connectionId });
      result.tokenCaches += updated.length;
    }
    if (rows.length < BATCH) break;
  }
  for (;;) {
    const rows = await ctx.db.select().from(invitations).where(ne(invitations.tokenKeyId, current)).limit(BATCH);
    for (const row of rows) {
      const context = invitationTokenContext(row.id);
      const sealed = seal(
        ring,
        open(ring, { keyId: row.tokenKeyId, ciphertext: row.tokenCiphertext }, context),
        context,
      );
      const updated = await ctx.db
        .update(invitations)
        .set({ tokenKeyId: sealed.keyId, tokenCiphertext: sealed.ciphertext })
        .where(and(eq(invitations.id, row.id), eq(invitations.tokenCiphertext, row.tokenCiphertext)))
        .returning({ id: invitations.id });
      result.invitations += updated.length;
    }
    if (rows.length < BATCH) break;
  }
  return result;
}
