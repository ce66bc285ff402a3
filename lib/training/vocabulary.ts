/**
 * The training domain's fixed vocabularies, declared once: the database enums (db/schema), the zod
 * schemas (lib/training/schemas.ts, hence the API and its OpenAPI document), TypeScript types and
 * the UI's labels all come from these tuples. No imports: drizzle-kit loads this file with the schema.
 */

/** An event's lifecycle (rules in lib/training/lifecycle.ts). */
export const eventLifecycles = ["draft", "active", "cancelled"] as const;
export type EventLifecycle = (typeof eventLifecycles)[number];
export const eventLifecycleLabels: Record<EventLifecycle, string> = {
  draft: "Draft",
  active: "Active",
  cancelled: "Cancelled",
};

/** Where an event's virtual meeting happens. */
export const meetingProviders = ["teams", "zoom", "custom"] as const;
export type MeetingProvider = (typeof meetingProviders)[number];
export const meetingProviderLabels: Record<MeetingProvider, string> = {
  teams: "Microsoft Teams",
  zoom: "Zoom",
  custom: "Other link",
};

/** An instructor's part in an event. */
export const assignmentRoles = ["lead", "co-instructor", "assistant"] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];
export const assignmentRoleLabels: Record<AssignmentRole, string> = {
  lead: "Lead",
  "co-instructor": "Co-instructor",
  assistant: "Assistant",
};
