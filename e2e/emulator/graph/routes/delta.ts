/**
 * GET …/calendarView/delta (issue item 4; graph-behaviour.md §3): the pure engine in ../delta.ts does
 * the rounds; this only reads `$skiptoken`/`$deltatoken` and builds absolute links on the path the
 * client used (no start/end in follow-up links, like the service's). Also served under OData's long
 * name `/calendarView/microsoft.graph.delta()`.
 */
import type { Route } from "../../core/types";
import { deltaPage, renderDeltaPage } from "../delta";
import { queryValue } from "../odata";
import { contextUrl } from "../render-directory";
import { calendarPaths } from "./paths";
import { mailboxRoutes } from "./pipeline";
import type { GraphRuntime } from "./runtime";

export function deltaRoutes(rt: GraphRuntime): Route[] {
  const patterns = [...calendarPaths("/calendarView/delta"), ...calendarPaths("/calendarView/microsoft.graph.delta()")];
  return mailboxRoutes("GET", patterns, "read", rt, (call) => {
    const skipToken = queryValue(call.req.query, "$skiptoken");
    const deltaToken = queryValue(call.req.query, "$deltatoken");
    const page = deltaPage(
      call.mb,
      {
        query: call.req.query,
        ...(skipToken !== undefined ? { skipToken } : {}),
        ...(deltaToken !== undefined ? { deltaToken } : {}),
        ...(call.prefs.maxPageSize ? { maxPageSize: call.prefs.maxPageSize } : {}),
        ...(call.calendarId ? { calendarId: call.calendarId } : {}),
        now: call.now,
      },
      rt.config.delta,
    );
    const linkBase = call.requestUrl.split("?")[0] ?? call.requestUrl;
    const ctx = {
      ...(call.prefs.timeZone ? { timeZone: call.prefs.timeZone } : {}),
      ...(call.prefs.bodyContentType ? { bodyContentType: call.prefs.bodyContentType } : {}),
    };
    return { status: 200, body: { "@odata.context": contextUrl(call.versionRoot, "Collection(event)"), ...renderDeltaPage(page, linkBase, ctx) } };
  });
}
