/**
 * `/me`, `/users/{id}` and `/me/calendars` bodies (graph-behaviour.md §1.1; user trimmed to the
 * basic profile the OpenAPI subset keeps). `@odata.context` strings follow the service's
 * `$metadata#…` form on the caller's base URL.
 */
import type { Calendar, Mailbox } from "./mailbox";

/** e.g. contextUrl("https://localhost:8443/v1.0", "users('id')/events/$entity"). */
export const contextUrl = (versionRoot: string, fragment: string) => `${versionRoot}/$metadata#${fragment}`;

export function renderUser(mb: Mailbox): Record<string, unknown> {
  const [givenName = null, ...rest] = mb.owner.displayName.split(" ");
  return {
    businessPhones: [],
    displayName: mb.owner.displayName,
    givenName,
    jobTitle: "Instructor",
    mail: mb.owner.mail ?? mb.owner.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-GB",
    surname: rest.length > 0 ? rest.join(" ") : null,
    userPrincipalName: mb.owner.email,
    id: mb.owner.id,
  };
}

export function renderCalendar(cal: Calendar): Record<string, unknown> {
  return { "@odata.etag": `W/"${cal.changeKey}"`, ...structuredClone(cal) };
}
