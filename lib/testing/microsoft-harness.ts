/**
 * Integration-test harness for the Connect flow: the Microsoft 365 emulator in-process, a real
 * MicrosoftIdentity (MSAL) pointed at it, a migrated database, and a fake browser that clicks
 * through the emulator's pages. Nothing here is mocked.
 */
import { desc, eq } from "drizzle-orm";
import { createMs365Emulator, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from "@/e2e/emulator";
import { profileFromEnv } from "@/e2e/emulator/profile-env";
import { PageDriver } from "@/e2e/emulator/testing/page-driver";
import { controlAt } from "@/e2e/fixtures/emulator";
import type { OpenedDb } from "@/db/open";
import { createTestDb } from "@/db/testing/create-test-db";
import { sentEmails } from "@/db/schema";
import type { ServiceContext } from "@/lib/context/service-context";
import { encryptedTokenCacheStore } from "@/lib/connect/encrypted-token-cache-store";
import { InProcessMailboxLimiter } from "@/lib/graph/mailbox-limiter";
import { MicrosoftGraph } from "@/lib/graph/microsoft-graph";
import { MicrosoftIdentity } from "@/lib/graph/microsoft-identity";
import { linksIn } from "@/lib/mail/render";
import { completeConnect } from "@/lib/services/connect/complete-connect";
import { sendInvitations } from "@/lib/services/connect/send-invitations";
import { startConnect } from "@/lib/services/connect/start-connect";
import { TEST_APP_URL, testContext, testSecrets } from "./test-context";

export const APP_URL = TEST_APP_URL;

export type Harness = Awaited<ReturnType<typeof createMicrosoftHarness>>;

export async function createMicrosoftHarness(
  options: {
    emulatorConfig?: Record<string, unknown>;
    profile?: { profile?: "clean" | "realistic"; seed?: number };
    /** An emulator already running (e.g. in another process, as the benchmarks run it); else one in this process. */
    emulator?: { url: string; httpUrl: string; close(): Promise<void> };
    /** A database of the file's own on PostgreSQL (see createTestDb). */
    isolatedDatabase?: boolean;
    /** A database already open (the app's own, when a test drives route handlers); the harness does not close it. */
    database?: OpenedDb;
  } = {},
) {
  // EMULATOR_PROFILE=realistic runs these tests against the realistic Graph profile; `profile` fixes one.
  const emulator =
    options.emulator ??
    (await createMs365Emulator({
      port: 0,
      seed: false,
      config: options.emulatorConfig,
      profile: options.profile ?? profileFromEnv(),
    }));
  const opened: OpenedDb = options.database
    ? { ...options.database, close: async () => {} }
    : await createTestDb({ isolated: options.isolatedDatabase });
  let clock = Date.now();
  const app = {
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    tenant: "organizations",
    loginUrl: emulator.url,
    graphUrl: emulator.url,
    redirectUri: `${APP_URL}/api/microsoft/callback`,
    adminConsentRedirectUri: `${APP_URL}/api/microsoft/admin-consent`,
  };
  const microsoft = new MicrosoftIdentity(app, encryptedTokenCacheStore(opened.db, testSecrets.tokenKeyRing));
  const ctx: ServiceContext = testContext({
    db: opened.db,
    // Moves a millisecond per reading, so rows written one after another sort in that order.
    now: () => new Date(clock++),
    microsoft,
    graph: new MicrosoftGraph({ graphUrl: emulator.url, identity: microsoft, limiter: new InProcessMailboxLimiter() }),
  });
  return {
    emulator,
    ctx,
    db: opened.db,
    advance(ms: number) {
      clock += ms;
    },
    browser: () => new PageDriver([emulator.url, emulator.httpUrl]),
    control: <T = Record<string, unknown>>(method: string, route: string, body?: unknown) =>
      controlAt<T>(emulator.url, method, route, body),
    /** Links of the newest email to `to`. */
    async lastEmailTo(to: string) {
      const [mail] = await opened.db
        .select()
        .from(sentEmails)
        .where(eq(sentEmails.to, to))
        .orderBy(desc(sentEmails.sentAt))
        .limit(1);
      if (!mail) throw new Error(`no email to ${to}`);
      return { ...mail, links: linksIn(mail.html ?? "") };
    },
    async close() {
      await emulator.close();
      await opened.close();
    },
  };
}

/** The token at the end of a /connect/{token} link. */
export function tokenFromLink(link: string): string {
  const match = /\/connect\/([A-Za-z0-9_-]+)$/.exec(link);
  if (!match) throw new Error(`not a connect link: ${link}`);
  return match[1]!;
}

/** Invites, signs in, consents and completes: an instructor with a live connection. */
export async function connectInstructor(
  h: Harness,
  options: { tenantId: string; domain: string; privacyMode?: "full_private" | "default" },
) {
  const { makeInstructor, unique } = await import("@/db/testing/factories");
  const email = `${unique("inst")}@${options.domain}`;
  const { id: emulatorUserId } = await h.control<{ id: string }>("POST", "/users", {
    tenantId: options.tenantId,
    email,
    displayName: "Test Instructor",
  });
  const instructor = await makeInstructor(h.ctx, { email });
  await sendInvitations({ ctx: h.ctx, input: { instructorIds: [instructor.id] } });
  const token = tokenFromLink((await h.lastEmailTo(email)).links.find((l) => l.includes("/connect/"))!);
  const started = await startConnect({
    ctx: h.ctx,
    token,
    input: { privacyMode: options.privacyMode ?? "full_private" },
  });
  const browser = h.browser();
  await browser.open(started.authorizeUrl);
  if (!browser.callback) await browser.submit({ login: email });
  if (!browser.callback) await browser.submit({}, "accept");
  const outcome = await completeConnect({
    ctx: h.ctx,
    query: Object.fromEntries(browser.callback!.params),
    browserBinding: started.browserBinding,
  });
  if (outcome.kind !== "connected") throw new Error(`connect failed: ${JSON.stringify(outcome)}`);
  return { instructor, emulatorUserId };
}
