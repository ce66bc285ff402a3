/**
 * `/me`, `/users/{id|upn}`, `/me/calendars`, `/me/calendar`, `/me/calendars/{id}` (issue item 1;
 * graph-behaviour.md §1.1). Every mailbox has exactly one calendar, the default one.
 */
import type { Route } from "../../core/types";
import { itemNotFound } from "../errors";
import { contextUrl, renderCalendar, renderUser } from "../render-directory";
import { mailboxPaths, usersSegment } from "./paths";
import { mailboxRoutes } from "./pipeline";
import type { GraphRuntime } from "./runtime";

export function usersCalendarsRoutes(rt: GraphRuntime): Route[] {
  return [
    ...mailboxRoutes("GET", mailboxPaths(""), "profile", rt, ({ mb, versionRoot }) => ({
      status: 200,
      body: { "@odata.context": contextUrl(versionRoot, "users/$entity"), ...renderUser(mb) },
    })),
    ...mailboxRoutes("GET", mailboxPaths("/calendars"), "read", rt, ({ mb, versionRoot }) => ({
      status: 200,
      body: {
        "@odata.context": contextUrl(versionRoot, `${usersSegment(mb.owner.id)}/calendars`),
        value: [...mb.calendars.values()].map(renderCalendar),
      },
    })),
    ...mailboxRoutes(
      "GET",
      [...mailboxPaths("/calendar"), ...mailboxPaths("/calendars/:calendarId")],
      "read",
      rt,
      ({ mb, calendarId, versionRoot, req }) => {
        const calendar = mb.calendars.get(calendarId ?? mb.defaultCalendarId);
        if (!calendar) throw itemNotFound();
        const nav = req.params.calendarId === undefined ? "calendar" : "calendars";
        return {
          status: 200,
          body: {
            "@odata.context": contextUrl(versionRoot, `${usersSegment(mb.owner.id)}/${nav}/$entity`),
            ...renderCalendar(calendar),
          },
        };
      },
    ),
  ];
}
