import type { Db, DbOrTx } from "@/db/types";
import { env } from "@/lib/env";
import { microsoftAppConfig } from "@/lib/graph/app-config";
import { MicrosoftIdentity } from "@/lib/graph/microsoft-identity";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { tokenKeyRing } from "@/lib/local-secrets";
import { configuredMailer, devOutboxMailer, type Mailer } from "@/lib/mail/mailer";
import { discardJobs, type Jobs } from "@/lib/jobs/jobs";
import { processJobs } from "@/lib/jobs/process-jobs";

/** What every service needs from the outside world, passed in so tests control it. */
export type ServiceContext = {
  db: DbOrTx;
  now: () => Date;
  /** Base URL for links in emails and redirects. */
  appUrl: string;
  mailer: Mailer;
  /** Null when no Microsoft app registration (or emulator) is configured. */
  microsoft: MicrosoftIdentity | null;
  /** Background work; inside `inTransaction` a send waits for the commit. */
  jobs: Jobs;
};

let identity: { key: string; value: MicrosoftIdentity | null } | undefined;

/** The context for requests and jobs, built from configuration. */
export function systemContext(db: Db): ServiceContext {
  const e = env();
  const app = microsoftAppConfig(e);
  const key = JSON.stringify(app);
  // One identity per process: it holds the per-connection refresh queue.
  if (identity?.key !== key) identity = { key, value: app ? new MicrosoftIdentity(app, encryptedTokenCacheStore(db, tokenKeyRing)) : null };
  return { db, now: () => new Date(), appUrl: e.APP_URL.replace(/\/$/, ""), mailer: configuredMailer(), microsoft: identity.value, jobs: processJobs };
}

/**
 * A context that sends no mail anywhere but the outbox, has no Microsoft access and runs no jobs
 * unless given some: seeds and domain tests.
 */
export function offlineContext(db: DbOrTx, now: () => Date = () => new Date(), jobs: Jobs = discardJobs): ServiceContext {
  return { db, now, appUrl: "http://localhost:3000", mailer: devOutboxMailer, microsoft: null, jobs };
}
