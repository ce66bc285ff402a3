import { index, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { adminUsers } from "./admin-users";
import { instructors } from "./instructors";
import { privacyMode } from "./calendar-connections";

/**
 * An emailed link to the onboarding wizard. The token is random and looked up by its SHA-256;
 * it is also kept encrypted so the reminder can repeat the same link. Single use; a resend revokes it.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    instructorId: uuid("instructor_id")
      .notNull()
      .references(() => instructors.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    tokenKeyId: text("token_key_id").notNull(),
    tokenCiphertext: text("token_ciphertext").notNull(),
    /** finish_removal: sign in once more so a removal that met a dead token can delete our Outlook entries. */
    purpose: text("purpose", { enum: ["invite", "reconnect", "finish_removal"] })
      .notNull()
      .default("invite"),
    /** The address the link was emailed to; reminders go there and nowhere else. */
    sentTo: text("sent_to"),
    createdById: uuid("created_by_id").references(() => adminUsers.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    revokedAt: instant("revoked_at"),
    reminderSentAt: instant("reminder_sent_at"),
  },
  (t) => [index("invitations_instructor_idx").on(t.instructorId, t.createdAt)],
);

export const authRequestKind = pgEnum("auth_request_kind", ["connect", "admin_consent"]);

/**
 * One Microsoft sign-in in flight: the state and nonce sent, the PKCE verifier, and the hash of a
 * random value held in the browser's cookie, so only the browser that started it can finish it.
 */
export const authRequests = pgTable("auth_requests", {
  id: id(),
  kind: authRequestKind("kind").notNull(),
  state: text("state").notNull().unique(),
  nonce: text("nonce"),
  pkceVerifier: text("pkce_verifier"),
  /** Null for admin consent: its URL is forwarded to an IT admin, who opens it in another browser. */
  browserBindingHash: text("browser_binding_hash"),
  invitationId: uuid("invitation_id").references(() => invitations.id, { onDelete: "cascade" }),
  privacyMode: privacyMode("privacy_mode"),
  /** Admin consent: the tenant id or domain the URL was made for. */
  tenantHint: text("tenant_hint"),
  /** Connect: the Microsoft account that signed in when it was not the invited one (nothing else is kept). */
  signedInAs: text("signed_in_as"),
  createdAt: createdAt(),
  expiresAt: instant("expires_at").notNull(),
  usedAt: instant("used_at"),
});
