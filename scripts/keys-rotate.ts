/**
 * `npm run keys:rotate`: re-encrypts every stored token cache and invitation link with the first key of
 * TOKEN_ENCRYPTION_KEY, so the older keys after it can then be removed. Run it with the same environment as the app.
 */
import { openConfiguredDb } from "@/db/client";
import { createContext } from "@/lib/context/create-context";
import { rotateEncryptionKeys } from "@/lib/services/secrets/rotate-encryption-keys";

const opened = await openConfiguredDb();
try {
  const ctx = createContext({ db: opened.db });
  const result = await rotateEncryptionKeys({ ctx });
  console.log(
    `Re-encrypted with key "${ctx.secrets.tokenKeyRing().current.id}": ${result.tokenCaches} token cache(s), ${result.invitations} invitation link(s). Keys after the first in TOKEN_ENCRYPTION_KEY are no longer used and may be removed.`,
  );
} finally {
  await opened.close();
}
