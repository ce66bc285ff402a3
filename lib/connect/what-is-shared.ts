/**
 * What flows each way and what the privacy modes mean, in one place, so the invitation email,
 * the wizard and the connection page all promise exactly the same thing.
 */
export const fromOutlook = [
  "Event titles, or just “Busy” in Full Private Mode",
  "Your RSVP (accepted, tentative, declined)",
  "Dates and times",
];

export const toOutlook = [
  "Training you are booked on, with its title",
  "Location and venue",
  "The virtual meeting link",
  "A description with a link back to the event",
  "The other instructors and staff on it",
  "The event's local time",
  "Resources booked for it",
];

/** The privacy modes, declared once (the database enum privacy_mode and the inputs' zod enums use them). */
export const privacyModeValues = ["full_private", "default"] as const;
export type PrivacyMode = (typeof privacyModeValues)[number];

export const privacyModes: Record<PrivacyMode, { label: string; summary: string }> = {
  full_private: {
    label: "Full Private Mode",
    summary:
      "Only dates and times are imported. Every appointment shows as “Busy”; no titles, locations or details leave your calendar.",
  },
  default: {
    label: "Default Privacy Mode",
    summary:
      "As Outlook does it: events you marked private stay private (shown as “Busy”); other events come in with their titles.",
  },
};
