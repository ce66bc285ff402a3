/**
 * The seeded world: one app registration (the product's) and the demo tenants and instructors from
 * db/seed/demo-people.ts, so a person can sign in to the emulator as any demo instructor.
 * Ids are stable across restarts (see core/ids.ts).
 */
import { demoAdmin, demoInstructors, demoTenants } from "@/db/seed/demo-people";
import { stableGuid } from "./core/ids";
import type { AppRegistration, EmulatorState, Tenant, User } from "./state";

/** GUID-shaped like a real Entra client id; not secret, only meaningful to the emulator. */
export const EMULATOR_CLIENT_ID = "6f2b7c1e-9d4a-4c3e-8b5f-2a1d0e9c7b64";
/** Shaped like an Entra secret value (`xxx8Q~...`); only the emulator accepts it. */
export const EMULATOR_CLIENT_SECRET = "Emu8Q~calendar-sync-local-emulator-secret";
export const EMULATOR_APP_NAME = "Calendar Sync";

/** Delegated permissions the product asks for; "/.default" expands to these. */
export const SEEDED_DELEGATED_PERMISSIONS = [
  "User.Read",
  "Calendars.ReadWrite",
  "offline_access",
  "openid",
  "profile",
  "email",
];
/** Application permissions on the registration (granted only by admin consent, used by client_credentials). */
export const SEEDED_APPLICATION_PERMISSIONS = ["Calendars.ReadWrite"];

export function seededApp(): AppRegistration {
  return {
    clientId: EMULATOR_CLIENT_ID,
    clientSecret: EMULATOR_CLIENT_SECRET,
    displayName: EMULATOR_APP_NAME,
    redirectUris: [],
    delegatedPermissions: [...SEEDED_DELEGATED_PERMISSIONS],
    applicationPermissions: [...SEEDED_APPLICATION_PERMISSIONS],
  };
}

/** Adds the seeded app always, and the demo tenants/users when `withDemoPeople`. */
export function seedState(state: EmulatorState, withDemoPeople: boolean): void {
  const app = seededApp();
  state.apps.set(app.clientId, app);
  if (!withDemoPeople) return;

  for (const demo of demoTenants) {
    const tenant: Tenant = {
      id: stableGuid(`tenant:${demo.domain}`),
      displayName: demo.displayName,
      domain: demo.domain,
      userConsentDisabled: demo.userConsentDisabled,
    };
    state.tenants.set(tenant.id, tenant);
    addUser(state, {
      tenantId: tenant.id,
      email: demo.admin.email,
      displayName: demo.admin.name,
      isAdmin: true,
      timeZone: "UTC",
    });
  }

  // The training provider's own tenant, so the demo admin can also try "Sign in with Microsoft".
  const operator: Tenant = {
    id: stableGuid("tenant:calendar-sync.local"),
    displayName: "Calendar Sync demo provider",
    domain: "calendar-sync.local",
    userConsentDisabled: false,
  };
  state.tenants.set(operator.id, operator);
  addUser(state, {
    tenantId: operator.id,
    email: demoAdmin.email,
    displayName: demoAdmin.name,
    isAdmin: true,
    timeZone: "Europe/London",
  });

  for (const instructor of demoInstructors) {
    const domain = instructor.email.split("@")[1]?.toLowerCase();
    const tenant = [...state.tenants.values()].find((candidate) => candidate.domain === domain);
    if (!tenant) throw new Error(`demo instructor ${instructor.email} has no demo tenant for ${domain}`);
    addUser(state, {
      tenantId: tenant.id,
      email: instructor.email,
      displayName: instructor.name,
      isAdmin: false,
      timeZone: instructor.timeZone,
    });
  }
}

function addUser(state: EmulatorState, user: Omit<User, "id">): void {
  const id = stableGuid(`user:${user.email.toLowerCase()}`);
  state.users.set(id, { id, ...user });
}
