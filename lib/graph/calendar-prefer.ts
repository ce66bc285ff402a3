/**
 * Sent on every calendar call: start/end in UTC whatever the mailbox's zone, and ids that survive
 * moves between folders (reference §1, §2). One header, comma-separated, as RFC 7240 allows.
 */
export const CALENDAR_PREFER = 'outlook.timezone="UTC", IdType="ImmutableId"';
