import { and, eq, sql } from "drizzle-orm";
import { tokenCaches } from "@/db/schema";
import type { DbOrTx } from "@/db/types";
import { open, seal } from "@/lib/crypto/encrypt";
import type { KeyRing } from "@/lib/crypto/key-ring";
import type { TokenCacheStore } from "@/lib/graph/token-cache-store";

/** The authenticated context of a connection's sealed token cache. */
export const tokenCacheContext = (connectionId: string) => `token-cache:${connectionId}`;

/**
 * MSAL token caches in the token_caches table, sealed with AES-256-GCM. The connection id is the
 * authenticated context, so a blob copied to another connection's row does not decrypt. The key
 * ring is read on first use, so a missing key fails the token operation, not every request.
 */
export function encryptedTokenCacheStore(db: DbOrTx, keyRing: () => KeyRing): TokenCacheStore {
  const context = tokenCacheContext;
  return {
    async load(connectionId) {
      const [row] = await db.select().from(tokenCaches).where(eq(tokenCaches.connectionId, connectionId));
      if (!row) return null;
      return {
        data: open(keyRing(), { keyId: row.keyId, ciphertext: row.ciphertext }, context(connectionId)),
        version: row.version,
      };
    },
    async save(connectionId, data, expectedVersion) {
      const sealed = seal(keyRing(), data, context(connectionId));
      if (expectedVersion === null) {
        const [row] = await db
          .insert(tokenCaches)
          .values({ connectionId, ...sealed, version: 1 })
          .onConflictDoUpdate({
            target: tokenCaches.connectionId,
            set: { ...sealed, version: sql`${tokenCaches.version} + 1`, updatedAt: new Date() },
          })
          .returning({ version: tokenCaches.version });
        return row!.version;
      }
      const [row] = await db
        .update(tokenCaches)
        .set({ ...sealed, version: expectedVersion + 1, updatedAt: new Date() })
        .where(and(eq(tokenCaches.connectionId, connectionId), eq(tokenCaches.version, expectedVersion)))
        .returning({ version: tokenCaches.version });
      return row?.version ?? null;
    },
  };
}
