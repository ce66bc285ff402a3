/**
 * The demo organisation's people. Pure data, shared by the database seed and by the
 * Microsoft 365 emulator's seed, so the demo instructors are also users of demo tenants.
 * Two instructors belong to a tenant whose IT requires admin approval for new apps.
 */
export type DemoInstructor = {
  name: string;
  email: string;
  timeZone: string;
};

export const demoTenants = [
  {
    domain: "northwind-training.example",
    displayName: "Northwind Training",
    userConsentDisabled: false,
    admin: { name: "Nadia Okafor (IT)", email: "it-admin@northwind-training.example" },
  },
  {
    domain: "fabrikam-learning.example",
    displayName: "Fabrikam Learning",
    userConsentDisabled: true,
    admin: { name: "Felix Brandt (IT)", email: "it-admin@fabrikam-learning.example" },
  },
] as const;

export const demoInstructors: readonly DemoInstructor[] = [
  { name: "Amelia Hart", email: "amelia.hart@northwind-training.example", timeZone: "Europe/London" },
  { name: "Oliver Bennett", email: "oliver.bennett@northwind-training.example", timeZone: "Europe/London" },
  { name: "Priya Raman", email: "priya.raman@northwind-training.example", timeZone: "Europe/London" },
  { name: "Marcus Lee", email: "marcus.lee@northwind-training.example", timeZone: "America/New_York" },
  { name: "Sofia Alvarez", email: "sofia.alvarez@northwind-training.example", timeZone: "America/New_York" },
  { name: "Daniel Okoro", email: "daniel.okoro@northwind-training.example", timeZone: "America/Chicago" },
  { name: "Hannah Schmidt", email: "hannah.schmidt@northwind-training.example", timeZone: "Europe/Berlin" },
  { name: "Wei Ling Tan", email: "weiling.tan@northwind-training.example", timeZone: "Asia/Singapore" },
  { name: "Arjun Mehta", email: "arjun.mehta@northwind-training.example", timeZone: "Asia/Singapore" },
  { name: "Chloe Martin", email: "chloe.martin@northwind-training.example", timeZone: "America/New_York" },
  { name: "Lukas Weber", email: "lukas.weber@fabrikam-learning.example", timeZone: "Europe/Berlin" },
  { name: "Grace Kim", email: "grace.kim@fabrikam-learning.example", timeZone: "Asia/Singapore" },
];

export const demoAdmin = {
  name: "Demo Coordinator",
  email: "admin@calendar-sync.local",
  password: "calendar-sync-demo",
} as const;
