import type { Db } from "@/db/types";
import { env, notificationBaseUrl, type Env } from "@/lib/env";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { microsoftAppConfig } from "@/lib/graph/app-config";
import { createMailboxLimiter } from "@/lib/graph/create-mailbox-limiter";
import { KeyedLock } from "@/lib/graph/keyed-lock";
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
/**
 * On globalThis, shared by every copy of this module: Next.js evaluates it once per bundle layer (app
 * routes, server actions and instrumentation, where the in-process jobs run, each get their own copy of
 * lib/), and all copies must share the mailbox limiter (the 4-per-mailbox limit is per process) and each
 * database's queue of token refreshes. Only these two: they throw none of our error classes.
 */
const shared = globalThis as { [key]?: { limiter?: MailboxLimiter; refreshLocks: WeakMap<Db, KeyedLock> } };
/**
 * Per module copy: the objects that throw our typed errors (AccessRevokedError, GraphThrottledError, ...).
 * Each copy has its own classes, and the services of a copy test what they catch with `instanceof` against
 * theirs: a MicrosoftIdentity made by the app routes' copy and used by a job would throw errors the job's
 * copy does not recognise (a revoked grant was retried for minutes as an unknown failure).
 */
const ownCopies = new WeakMap<Db, Microsoft>();

/**
 * One MicrosoftIdentity and one MicrosoftGraph per database the process opens (per module copy), all
 * sharing one mailbox limiter and one refresh queue per database; null without a Microsoft app.
 */
function microsoftFor(db: Db, e: Env): Microsoft {
  if (ownCopies.has(db)) return ownCopies.get(db)!;
  const state = (shared[key] ??= { refreshLocks: new WeakMap() });
  const app = microsoftAppConfig(e);
  let built: Microsoft = null;
  if (app) {
    let refreshLock = state.refreshLocks.get(db);
    if (!refreshLock) state.refreshLocks.set(db, (refreshLock = new KeyedLock()));
    const identity = new MicrosoftIdentity(
      app,
      encryptedTokenCacheStore(db, configuredSecrets.tokenKeyRing),
      refreshLock,
    );
    state.limiter ??= createMailboxLimiter({ databaseUrl: e.DATABASE_URL });
    built = { identity, graph: new MicrosoftGraph({ graphUrl: app.graphUrl, identity, limiter: state.limiter }) };
  }
  ownCopies.set(db, built);
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
