/** zod schemas of the control API's JSON bodies (README "Control API"); other suites depend on these shapes. */
import { z } from "zod";

export const CreateTenant = z.object({
  id: z.string().min(1).optional(),
  displayName: z.string().min(1),
  domain: z.string().min(1).optional(),
  userConsentDisabled: z.boolean().optional(),
});

export const CreateUser = z.object({
  /** Object id; a fixed one makes a seeded realistic run reproducible (ids of its events derive from it). */
  id: z.string().uuid().optional(),
  tenantId: z.string().min(1),
  email: z.string().email(),
  displayName: z.string().min(1),
  isAdmin: z.boolean().optional(),
  timeZone: z.string().min(1).optional(),
  /** Primary SMTP address (Graph's user.mail) when it differs from the sign-in name (UPN = `email`). */
  mail: z.string().email().optional(),
});

export const RevokeUser = z.object({
  immediate: z.boolean().optional(),
  /** consentRevoked (default): the user removed the app -> AADSTS65001; sessionsRevoked -> AADSTS50173. */
  reason: z.enum(["consentRevoked", "sessionsRevoked"]).optional(),
  /** Limit to one app; defaults to every app. */
  clientId: z.string().optional(),
});

export const ExpireTokens = z.object({ userId: z.string().min(1) });

export const CreateFault = z
  .object({
    method: z.string().optional(),
    pathPattern: z.string().optional(),
    userId: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    count: z.number().int().min(1).default(1),
    latencyMs: z.number().int().min(0).max(120_000).optional(),
    errorCode: z.string().optional(),
    message: z.string().optional(),
  })
  .refine((fault) => fault.status !== undefined || fault.latencyMs !== undefined, "give status, latencyMs or both");

export const CreateApp = z.object({
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  displayName: z.string().min(1),
  redirectUris: z.array(z.string().url()).optional(),
  delegatedPermissions: z.array(z.string()).optional(),
  applicationPermissions: z.array(z.string()).optional(),
});

export const TenantConsent = z.object({
  clientId: z.string().optional(),
  scopes: z.array(z.string()).optional(),
});

export const AdvanceClock = z.object({ advanceSeconds: z.number() });
