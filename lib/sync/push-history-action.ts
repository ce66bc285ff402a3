/**
 * What one line of an event's push history says happened to one Outlook entry. Push writes
 * created, updated, recovered (found by our tag instead of created), recreated (created again under
 * a new generation), deleted and failed; removed_in_outlook when an update found the entry gone
 * (the instructor deleted it); Pull writes edited_in_outlook when it sees an instructor's change to
 * one of our entries, which the next push overwrites. The database check is built from this list.
 * No imports: drizzle-kit loads this file with the schema.
 */
export const pushHistoryActions = [
  "created",
  "updated",
  "recovered",
  "recreated",
  "deleted",
  "failed",
  "removed_in_outlook",
  "edited_in_outlook",
] as const;
export type PushHistoryAction = (typeof pushHistoryActions)[number];

export const pushHistoryActionLabels: Record<PushHistoryAction, string> = {
  created: "Created in Outlook",
  updated: "Updated in Outlook",
  recovered: "Found in Outlook by its tag (not created twice)",
  recreated: "Created again in Outlook",
  deleted: "Deleted from Outlook",
  failed: "Failed",
  removed_in_outlook: "Removed in Outlook by the instructor",
  edited_in_outlook: "Changed in Outlook by the instructor; overwritten at the next push",
};
