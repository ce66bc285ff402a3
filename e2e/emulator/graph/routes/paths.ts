/**
 * URL patterns of the Graph v1.0 calendar surface (graph-behaviour.md §2, §3, §4): every resource is
 * reachable from `/me` and `/users/{id|upn}`, and event collections also through the default
 * calendar (`/calendar/...`) and a named one (`/calendars/{id}/...`). Served under /v1.0 because the
 * Graph SDK takes the first path segment of an absolute URL as the version (§12).
 */

export const MAILBOX_ROOTS = ["/v1.0/me", "/v1.0/users/:userId"] as const;
const CALENDAR_SCOPES = ["", "/calendar", "/calendars/:calendarId"] as const;

/** `suffix` under each mailbox root, e.g. mailboxPaths("/calendars"). */
export const mailboxPaths = (suffix: string) => MAILBOX_ROOTS.map((root) => `${root}${suffix}`);

/** `suffix` under each mailbox root and calendar scope, e.g. calendarPaths("/events/:eventId"). */
export const calendarPaths = (suffix: string) =>
  MAILBOX_ROOTS.flatMap((root) => CALENDAR_SCOPES.map((scope) => `${root}${scope}${suffix}`));

/** `users('<id>')` as @odata.context spells a mailbox. */
export const usersSegment = (userId: string) => `users('${userId}')`;

/** "$metadata#users('id')/events(subject,start)" when the request had $select (OData's form). */
export const withSelect = (fragment: string, select: readonly string[] | undefined) =>
  select && select.length > 0 ? `${fragment}(${select.join(",")})` : fragment;
