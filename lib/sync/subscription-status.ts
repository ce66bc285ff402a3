/**
 * Where a connection's Graph change-notification subscription stands: active (Graph calls us),
 * renewing (a `reauthorizationRequired` arrived; the renewal is queued), removed (Graph dropped it:
 * `subscriptionRemoved` or a renewal answered 404; it is being created again), failed (the last
 * create or renewal failed; the renewal cron tries again). Stored as text with a check built from
 * this list (no pgEnum: adding a value later needs no enum migration).
 */
export const subscriptionStatuses = ["active", "renewing", "removed", "failed"] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];
