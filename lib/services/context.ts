import type { Db, DbOrTx } from "@/db/types";
import { env } from "@/lib/env";
import { microsoftAppConfig } from "@/lib/graph/app-config";
import { MicrosoftIdentity } from "@/lib/graph/microsoft-identity";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { tokenKeyRing } from "@/lib/local-secrets";
import { configuredMailer, devOutboxMailer, type Mailer } from "@/lib/mail/mailer";

/** What every service needs from the outside world, passed in so tests control it. */
export type ServiceContext = {
  db: DbOrTx;
  now: () => Date;
  /** Base URL for links in emails and redirects. */
  appUrl: string;
  mailer: Mailer;
  /** Null when no Microsoft app registration (or emulator) is configured. */
  microsoft: MicrosoftIdentity | null;
};

let identity: { key: string; value: MicrosoftIdentity | null } | undefined;

/** The context for requests and jobs, built from configuration. */
export function systemContext(db: Db): ServiceContext {
  const e = env();
  const app = microsoftAppConfig(e);
  const key = JSON.stringify(app);
  // One identity per process: it holds the per-connection refresh queue.
  if (identity?.key !== key) identity = { key, value: app ? new MicrosoftIdentity(app, encryptedTokenCacheStore(db, tokenKeyRing)) : null };
  return { db, now: () => new Date(), appUrl: e.APP_URL.replace(/\/$/, ""), mailer: configuredMailer(), microsoft: identity.value };
}

/** A context that sends no mail anywhere but the outbox and has no Microsoft access: seeds and domain tests. */
export function offlineContext(db: DbOrTx, now: () => Date = () => new Date()): ServiceContext {
  return { db, now, appUrl: "http://localhost:3000", mailer: devOutboxMailer, microsoft: null };
}
