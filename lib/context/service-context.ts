import type { DbOrTx } from "@/db/types";
import type { KeyRing } from "@/lib/crypto/key-ring";
import type { MicrosoftGraph } from "@/lib/graph/microsoft-graph";
import type { MicrosoftIdentity } from "@/lib/graph/microsoft-identity";
import type { Jobs } from "@/lib/jobs/jobs";
import type { Mailer } from "@/lib/mail/mailer";

/** The settings services act on: a typed, frozen subset of the environment. */
export type ServiceConfig = Readonly<{
  /** Base URL for links in emails and redirects, without a trailing slash. */
  appUrl: string;
  /** Days an invitation link stays valid. */
  invitationTtlDays: number;
  /** Days without a connection after which one reminder goes out. */
  invitationReminderAfterDays: number;
  /**
   * Base URL Graph posts change notifications to (the route is appended), without a trailing slash;
   * null when subscriptions are off (no public https URL): the hourly pull covers.
   */
  notificationBaseUrl: string | null;
}>;

/**
 * Secrets services use. Read on first use, so a missing key fails the operation that needs it
 * (in production), not every request.
 */
export type ServiceSecrets = Readonly<{
  /** Seals invitation tokens and Microsoft token caches. */
  tokenKeyRing: () => KeyRing;
  /** Signs instructors' manage links. */
  linkSigningSecret: () => string;
}>;

/**
 * What every service needs from the outside world, passed in so tests control it. Built for
 * requests, jobs and scripts by lib/context/create-context.ts, for tests by lib/testing/test-context.ts.
 */
export type ServiceContext = {
  db: DbOrTx;
  now: () => Date;
  config: ServiceConfig;
  secrets: ServiceSecrets;
  mailer: Mailer;
  /** Null when no Microsoft app registration (or emulator) is configured. */
  microsoft: MicrosoftIdentity | null;
  /** Graph for connections' calendars; null exactly when `microsoft` is. */
  graph: MicrosoftGraph | null;
  /** Background work; inside `inTransaction` a send waits for the commit. */
  jobs: Jobs;
  /** Set inside `inTransaction` only: a nested call holds its sends for the outermost commit. */
  inTransaction?: true;
};
