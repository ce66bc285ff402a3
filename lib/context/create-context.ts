import type { Db } from "@/db/types";
import { env, notificationBaseUrl, type Env } from "@/lib/env";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { microsoftAppConfig } from "@/lib/graph/app-config";
import { createMailboxLimiter } from "@/lib/graph/create-mailbox-limiter";
import type { MailboxLimiter } from "@/lib/graph/mailbox-limiter";
import { MicrosoftGraph } from "@/lib/graph/microsoft-graph";
import { MicrosoftIdentity } from "@/lib/graph/microsoft-identity";
import type { Jobs } from "@/lib/jobs/jobs";
import { processJobs } from "@/lib/jobs/process-jobs";
import { nextAuthSecret, tokenKeyRing } from "@/lib/local-secrets";
import { configuredMailer } from "@/lib/mail/mailer";
import type { ServiceConfig, ServiceContext, ServiceSecrets } from "./service-context";

/** The services' settings, read from the environment. */
export function serviceConfig(e: Env = env()): ServiceConfig {
  return Object.freeze({
    appUrl: e.APP_URL.replace(/\/$/, ""),
    invitationTtlDays: e.INVITATION_TTL_DAYS,
    invitationReminderAfterDays: e.INVITATION_REMINDER_AFTER_DAYS,
    notificationBaseUrl: notificationBaseUrl(e),
  });
}

const configuredSecrets: ServiceSecrets = Object.freeze({ tokenKeyRing, linkSigningSecret: nextAuthSecret });

type Microsoft = { identity: MicrosoftIdentity; graph: MicrosoftGraph } | null;
const key = Symbol.for("calendar-sync.context");
// On globalThis: Next.js may evaluate this module twice, and both copies must share the mailbox
// limiter (the 4-per-mailbox limit is per process) and each database's refresh queue.
const holder = globalThis as { [key]?: { limiter?: MailboxLimiter; byDb: WeakMap<Db, Microsoft> } };

/**
 * One MicrosoftIdentity (it queues each connection's token refreshes) and one MicrosoftGraph per
 * database the process opens, all sharing one mailbox limiter; null without a Microsoft app.
 */
function microsoftFor(db: Db, e: Env): Microsoft {
  const state = (holder[key] ??= { byDb: new WeakMap() });
  if (state.byDb.has(db)) return state.byDb.get(db)!;
  const app = microsoftAppConfig(e);
  let built: Microsoft = null;
  if (app) {
    const identity = new MicrosoftIdentity(app, encryptedTokenCacheStore(db, configuredSecrets.tokenKeyRing));
    state.limiter ??= createMailboxLimiter({ databaseUrl: e.DATABASE_URL });
    built = { identity, graph: new MicrosoftGraph({ graphUrl: app.graphUrl, identity, limiter: state.limiter }) };
  }
  state.byDb.set(db, built);
  return built;
}

/**
 * The one place a production ServiceContext is built from configuration: for requests
 * (appContext), jobs and scripts. Tests build theirs with lib/testing/test-context.ts.
 */
export function createContext({
  db,
  now = () => new Date(),
  jobs = processJobs,
}: {
  db: Db;
  now?: () => Date;
  jobs?: Jobs;
}): ServiceContext {
  const e = env();
  const microsoft = microsoftFor(db, e);
  return {
    db,
    now,
    config: serviceConfig(e),
    secrets: configuredSecrets,
    mailer: configuredMailer(),
    microsoft: microsoft?.identity ?? null,
    graph: microsoft?.graph ?? null,
    jobs,
  };
}
