/**
 * The single-value extended property Push writes on every entry it creates in Outlook
 * (graph-behaviour.md §5): `String {guid} Name CalendarSyncKey`, whose value is the entry's key.
 * Pull uses it to recognise our own entries; Removal finds them with it across the whole calendar.
 * The GUID is ours alone and must never change (entries already written carry it).
 */
export const CALENDAR_SYNC_PROPERTY_SET = "6f0c8a52-3d7e-4b1a-9c55-2e8f4a7d1b90";
export const CALENDAR_SYNC_KEY_PROPERTY_ID = `String {${CALENDAR_SYNC_PROPERTY_SET}} Name CalendarSyncKey`;

/**
 * Whether an extended property id names ours. The GUID compares ignoring case (Exchange may
 * spell it either way); the `Name` part is case-sensitive (§5).
 */
export function isCalendarSyncKeyProperty(id: string): boolean {
  const match = /^String\s+\{([0-9a-fA-F-]{36})\}\s+Name\s+(.+)$/.exec(id.trim());
  return match !== null && match[1]!.toLowerCase() === CALENDAR_SYNC_PROPERTY_SET && match[2] === "CalendarSyncKey";
}

/** The CalendarSyncKey value on an event read with our property expanded; null when absent. */
export function calendarSyncKeyOf(event: { singleValueExtendedProperties?: { id?: string | null; value?: string | null }[] | null }): string | null {
  const property = event.singleValueExtendedProperties?.find((p) => p.id && isCalendarSyncKeyProperty(p.id));
  return property?.value ?? null;
}
