/**
 * The tag on every Outlook entry Push creates: a single-value extended property in our own
 * namespace (graph-behaviour.md §5), holding which (assignment, session) the entry is for. It is
 * how a lost Outlook id is found again before creating, how Pull recognises our own entries (never
 * busy time, drift is ours to overwrite), and how Removal finds them over the whole calendar.
 *
 * The GUID is ours and fixed forever: changing it would orphan every entry already pushed. The
 * `Name` part is case-sensitive at Graph; values compare case-insensitively, which UUIDs survive.
 */
export const SYNC_KEY_PROPERTY_SET = "d13e1abc-6c7a-498b-9ec6-8b805da5f8dc";
export const SYNC_KEY_PROPERTY_ID = `String {${SYNC_KEY_PROPERTY_SET.toUpperCase()}} Name CalendarSyncKey`;

export type SyncKey = { assignmentId: string; sessionId: string };

/** One id: letters, digits and dashes (our ids are UUIDs), so the separator cannot occur inside. */
const ID = /^[A-Za-z0-9-]+$/;
const SEPARATOR = "/";

/** The property's value for an (assignment, session): `<assignmentId>/<sessionId>`. */
export function syncKeyOf(assignmentId: string, sessionId: string): string {
  if (!ID.test(assignmentId) || !ID.test(sessionId))
    throw new RangeError(`Not a sync key part: "${assignmentId}", "${sessionId}"`);
  return `${assignmentId.toLowerCase()}${SEPARATOR}${sessionId.toLowerCase()}`;
}

/** The (assignment, session) a property value names; null for anything we did not write. */
export function parseSyncKey(value: string | null | undefined): SyncKey | null {
  const parts = value?.trim().split(SEPARATOR);
  if (!parts || parts.length !== 2) return null;
  const [assignmentId, sessionId] = parts as [string, string];
  if (!ID.test(assignmentId) || !ID.test(sessionId)) return null;
  return { assignmentId: assignmentId.toLowerCase(), sessionId: sessionId.toLowerCase() };
}

/**
 * Whether an extended property id names ours. The GUID compares ignoring case (Exchange may
 * spell it either way); the `Name` part is case-sensitive (§5).
 */
export function isSyncKeyProperty(id: string): boolean {
  const match = /^String\s+\{([0-9a-fA-F-]{36})\}\s+Name\s+(.+)$/.exec(id.trim());
  return match !== null && match[1]!.toLowerCase() === SYNC_KEY_PROPERTY_SET && match[2] === "CalendarSyncKey";
}

/** The CalendarSyncKey value on an event read with our property expanded; null when absent. */
export function syncKeyValueOf(event: {
  singleValueExtendedProperties?: { id?: string | null; value?: string | null }[] | null;
}): string | null {
  const property = event.singleValueExtendedProperties?.find((p) => p.id && isSyncKeyProperty(p.id));
  return property?.value ?? null;
}
