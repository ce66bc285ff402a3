import { z } from "zod";

/**
 * Every environment variable the product reads, validated once. Nothing else reads process.env.
 * Each entry's description feeds the README's configuration table (a test keeps them in step).
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const microsoftHosts = ["login.microsoftonline.com", "graph.microsoft.com"];

/** Authority segments that accept accounts of any tenant (the GUID is the personal-accounts tenant). */
const multiTenantSegments = ["common", "organizations", "consumers", "9188040d-6c67-4c5b-b112-36a304b66dad"];

export const envSchema = z.object({
  NODE_ENV: z
    .enum(["development", "test", "production"])
    .default("development")
    .describe("Set by Next.js; `production` turns on the production guards below."),
  APP_URL: z
    .url()
    .default("http://localhost:3000")
    .describe(
      "Public base URL of the app, used in links in emails and as the OAuth redirect base. Required (https) in production.",
    ),
  DATABASE_URL: z
    .string()
    .min(1)
    .optional()
    .describe(
      "PostgreSQL connection string. Unset: the embedded PGlite database in `DATA_DIR`. Required in production.",
    ),
  DATA_DIR: z
    .string()
    .default(".data")
    .describe("Folder for embedded data: the PGlite database and generated development secrets."),
  NEXTAUTH_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe("Signs admin sessions. Required in production; generated into `DATA_DIR` otherwise."),
  NEXTAUTH_URL: z
    .url()
    .optional()
    .describe("next-auth's own base URL; set it to `APP_URL`. Required (https) in production."),
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe(
      "How many proxies in front of the app append to `X-Forwarded-For` (nginx's `$proxy_add_x_forwarded_for`, a load balancer): the sign-in throttle takes the client's address that many entries from the right. `0`: forwarding headers are not trusted and every client counts as one address. On Vercel its own `x-vercel-forwarded-for` is used instead.",
    ),
  ALLOW_PASSWORD_SIGN_IN: booleanFlag.describe(
    "`true` allows the offline email + password sign-in in production (always on in development).",
  ),
  AZURE_AD_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Application (client) ID of the Entra ID app registration. Unset: the built-in Microsoft 365 emulator is used.",
    ),
  AZURE_AD_CLIENT_SECRET: z.string().min(1).optional().describe("Client secret of that app registration."),
  AZURE_AD_TENANT: z
    .string()
    .min(1)
    .default("organizations")
    .describe("Tenant segment of the authority: `organizations` (any work account), `common`, or one tenant id."),
  AZURE_AD_ADMIN_TENANT: z
    .string()
    .min(1)
    .optional()
    .refine((v) => !v || !multiTenantSegments.includes(v.toLowerCase()), {
      message:
        "must be your own organisation's tenant (ID or domain), not a multi-tenant segment such as `organizations`",
    })
    .describe(
      "Your own organisation's tenant (ID or domain): its accounts listed as admins may sign in with Microsoft. Unset: admins use the password sign-in only. `common`, `organizations` and `consumers` are refused.",
    ),
  MS_LOGIN_URL: z
    .url()
    .default("https://login.microsoftonline.com")
    .describe("Microsoft identity platform origin. Points at the emulator in development and tests."),
  MS_GRAPH_URL: z
    .url()
    .default("https://graph.microsoft.com")
    .describe("Microsoft Graph origin (without `/v1.0`). Points at the emulator in development and tests."),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Keys that encrypt Microsoft token caches (AES-256-GCM): `id:base64key`, comma-separated, the first encrypts. Required in production; generated into `DATA_DIR` otherwise.",
    ),
  SMTP_URL: z
    .string()
    .min(1)
    .optional()
    .describe(
      "SMTP server for outgoing mail, e.g. `smtps://user:pass@smtp.example.com:465`. Unset: mail goes to the dev outbox at `/dev/outbox`.",
    ),
  MAIL_FROM: z
    .string()
    .min(3)
    .default("Calendar Sync <calendar-sync@localhost>")
    .describe("From address of every email."),
  INVITATION_TTL_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .default(14)
    .describe("Days an invitation link stays valid."),
  INVITATION_REMINDER_AFTER_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .default(3)
    .describe("Days without a connection after which one reminder email goes out."),
  INNGEST_EVENT_KEY: z
    .string()
    .min(1)
    .optional()
    .describe("Inngest event key. Unset (and no `INNGEST_DEV`): jobs run in-process, for the embedded default."),
  INNGEST_SIGNING_KEY: z
    .string()
    .min(1)
    .optional()
    .describe("Inngest signing key, so Inngest Cloud or a self-hosted Inngest can call `/api/inngest`."),
  INNGEST_DEV: z
    .string()
    .min(1)
    .optional()
    .describe("`1` (or a dev server URL) sends jobs to a local Inngest dev server instead."),
  INNGEST_BASE_URL: z.url().optional().describe("URL of a self-hosted Inngest server (read by the Inngest SDK)."),
  VERCEL: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Set by Vercel on its hosts. There is no long-lived process there to run jobs in-process, so the app refuses to start without Inngest (`INNGEST_EVENT_KEY`).",
    ),
  ALLOW_EMULATOR_IN_PRODUCTION: booleanFlag.describe(
    "`true` lets a production build run as the end-to-end tests run it: against the emulator, on the embedded database, over http, without SMTP. Never set it in a deployment.",
  ),
  NOTIFICATIONS_URL: z
    .url()
    .optional()
    .describe(
      "Public base URL Microsoft Graph posts change notifications to (`…/api/microsoft/notifications`). Unset: `APP_URL`. It must be https (or see the next variable); otherwise no subscriptions are made and the hourly pull bounds freshness.",
    ),
  ALLOW_HTTP_NOTIFICATIONS: booleanFlag.describe(
    "`true` subscribes with an http notification URL, which only the emulator accepts (development, the end-to-end server, tests). Ignored in production unless `ALLOW_EMULATOR_IN_PRODUCTION`.",
  ),
  ALLOW_DEV_OUTBOX_IN_PRODUCTION: booleanFlag.describe(
    "`true` serves the dev outbox from a production build, to signed-in admins only; only the end-to-end tests set it.",
  ),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set" (as in `DATABASE_URL= npm run dev`).
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${fields}`);
  }
  const env = parsed.data;
  if (env.VERCEL && jobsRunInProcess(env))
    throw new Error(
      "Invalid environment: on Vercel jobs cannot run in-process (a serverless function stops when its response is sent, and with it any job it runs); set INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY (Inngest Cloud, or INNGEST_BASE_URL for a self-hosted Inngest)",
    );
  if (env.NODE_ENV === "production") assertNothingRelaxed(env);
  if (env.NODE_ENV === "production" && !env.ALLOW_EMULATOR_IN_PRODUCTION) assertProductionReady(env);
  return env;
}

/**
 * A production build never runs with a check turned off: a setting that would relax one makes it refuse to
 * start and say why, rather than be ignored or obeyed silently (issue 22).
 */
function assertNothingRelaxed(env: Env) {
  const problems: string[] = [];
  if (env.INNGEST_DEV)
    problems.push(
      "INNGEST_DEV turns off the signature check on /api/inngest and is refused in production; use INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY",
    );
  if (env.ALLOW_EMULATOR_IN_PRODUCTION && !isLoopback(env.APP_URL))
    problems.push(
      "ALLOW_EMULATOR_IN_PRODUCTION is for the end-to-end server on this machine only (APP_URL on localhost or 127.0.0.1)",
    );
  if (!env.ALLOW_EMULATOR_IN_PRODUCTION) {
    if (env.ALLOW_HTTP_NOTIFICATIONS)
      problems.push("ALLOW_HTTP_NOTIFICATIONS is refused in production (Graph posts notifications over https only)");
    if (env.ALLOW_DEV_OUTBOX_IN_PRODUCTION)
      problems.push("ALLOW_DEV_OUTBOX_IN_PRODUCTION is refused in production (only the end-to-end server sets it)");
  }
  if (problems.length) throw new Error(`Invalid environment: ${problems.join("; ")}`);
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** A real deployment: Microsoft's endpoints, a real database and mail server, and https everywhere. */
function assertProductionReady(env: Env) {
  const problems: string[] = [];
  if (!env.DATABASE_URL)
    problems.push("DATABASE_URL must be set in production (the embedded database is for development)");
  if (!env.SMTP_URL) problems.push("SMTP_URL must be set in production"); // else mail would only reach the dev outbox
  for (const name of ["APP_URL", "NEXTAUTH_URL"] as const) {
    const url = env[name]; // APP_URL's development default is http, so an unset APP_URL fails here too
    if (!url) problems.push(`${name} must be set in production`);
    else if (!url.startsWith("https://")) problems.push(`${name} must be an https URL in production`);
  }
  if (problems.length) throw new Error(`Invalid environment: ${problems.join("; ")}`);
  assertMicrosoftEndpoints(env);
}

/** The emulator is for development and tests only; production must talk to Microsoft. */
function assertMicrosoftEndpoints(env: Env) {
  for (const url of [env.MS_LOGIN_URL, env.MS_GRAPH_URL]) {
    const host = new URL(url).hostname;
    if (
      !microsoftHosts.some((h) => host === h || host.endsWith(".microsoftonline.us") || host.endsWith(".microsoft.us"))
    )
      throw new Error(`Invalid environment: ${url} is not a Microsoft endpoint; the emulator is refused in production`);
  }
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Where Graph posts change notifications, or null when subscriptions are off: the notification base
 * (`NOTIFICATIONS_URL`, else `APP_URL`) must be https, as Graph requires (graph-behaviour.md §9.1),
 * except with `ALLOW_HTTP_NOTIFICATIONS` outside a real production deployment (the emulator takes http).
 */
export function notificationBaseUrl(e: Env = env()): string | null {
  const base = (e.NOTIFICATIONS_URL ?? e.APP_URL).replace(/\/$/, "");
  if (base.startsWith("https://")) return base;
  const httpAllowed = e.ALLOW_HTTP_NOTIFICATIONS && (e.NODE_ENV !== "production" || e.ALLOW_EMULATOR_IN_PRODUCTION);
  return httpAllowed ? base : null;
}

/** Jobs go to Inngest when it is configured (cloud key or dev server); otherwise they run in-process. */
export function jobsRunInProcess(e: Env = env()): boolean {
  return !e.INNGEST_EVENT_KEY && !e.INNGEST_DEV;
}
