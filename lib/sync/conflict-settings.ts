/**
 * Which external events count as conflicts, as an organisation sets them (Settings → Conflicts).
 * Busy and unknown always conflict and our own pushed entries never do; the rest is a choice.
 * No imports: drizzle-kit loads this file with the schema.
 */
export const conflictRuleKeys = [
  "free",
  "freeAllDay",
  "tentative",
  "oof",
  "workingElsewhere",
  "declined",
  "cancelled",
] as const;
export type ConflictRuleKey = (typeof conflictRuleKeys)[number];
export type ConflictSettings = Record<ConflictRuleKey, boolean>;

export const defaultConflictSettings: ConflictSettings = {
  free: false,
  freeAllDay: false,
  tentative: true,
  oof: true,
  workingElsewhere: true,
  declined: false,
  cancelled: false,
};

export const conflictRuleLabels: Record<ConflictRuleKey, string> = {
  free: "Events shown as Free",
  freeAllDay: "All-day events shown as Free",
  tentative: "Tentative events (marked tentative)",
  oof: "Out of office",
  workingElsewhere: "Working elsewhere",
  declined: "Invitations the instructor declined",
  cancelled: "Cancelled events",
};
