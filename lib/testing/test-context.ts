import { randomBytes } from "node:crypto";
import type { DbOrTx } from "@/db/types";
import type { ServiceConfig, ServiceContext, ServiceSecrets } from "@/lib/context/service-context";
import { parseKeyRing } from "@/lib/crypto/key-ring";
import { discardJobs } from "@/lib/jobs/jobs";
import { devOutboxMailer } from "@/lib/mail/mailer";

export const TEST_APP_URL = "http://localhost:3000";

/** One key ring and signing secret per test process: what one sealed, another test file's context can open. */
const keyRing = parseKeyRing(`test1:${randomBytes(32).toString("base64")}`);
const linkSecret = randomBytes(32).toString("base64url");

export const testSecrets: ServiceSecrets = Object.freeze({
  tokenKeyRing: () => keyRing,
  linkSigningSecret: () => linkSecret,
});

export const testConfig: ServiceConfig = Object.freeze({
  appUrl: TEST_APP_URL,
  invitationTtlDays: 14,
  invitationReminderAfterDays: 3,
  notificationBaseUrl: null,
});

/**
 * A ServiceContext for tests: the given database, mail to the outbox only, no Microsoft and no jobs
 * unless given, the environment's defaults for settings. Override anything.
 */
export function testContext({
  db,
  config,
  ...overrides
}: { db: DbOrTx; config?: Partial<ServiceConfig> } & Partial<Omit<ServiceContext, "db" | "config">>): ServiceContext {
  return {
    db,
    now: () => new Date(),
    secrets: testSecrets,
    mailer: devOutboxMailer,
    microsoft: null,
    graph: null,
    jobs: discardJobs,
    ...overrides,
    config: Object.freeze({ ...testConfig, ...config }),
  };
}
