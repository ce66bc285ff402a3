/**
 * Where one Outlook entry stands: pending (wanted, not yet confirmed in Outlook), in_outlook
 * (Outlook holds the recorded content), failed (the last attempt failed; retried), deleting (no
 * longer wanted; the delete has not been confirmed). The database enum is built from this list.
 */
export const pushEntryStatuses = ["pending", "in_outlook", "failed", "deleting"] as const;
export type PushEntryStatus = (typeof pushEntryStatuses)[number];
