import type { Event } from "@microsoft/microsoft-graph-types";

/**
 * Which version of an Outlook item a Graph answer shows (graph-behaviour.md §1): `changeKey`, which
 * Outlook changes on every change of any field (subject, body, location, categories, reminder, …),
 * and `lastModifiedDateTime`, which orders two versions of one item. Either may be missing from a
 * `$select` read; the changeKey is also the payload of `@odata.etag` (`W/"<changeKey>"`).
 */
export type OutlookVersion = { changeKey: string | null; modifiedAt: Date | null };

export function outlookVersionOf(event: Event | null | undefined): OutlookVersion {
  if (!event) return { changeKey: null, modifiedAt: null };
  const modified = event.lastModifiedDateTime ? new Date(event.lastModifiedDateTime) : null;
  return {
    changeKey: event.changeKey ?? etagChangeKey(event),
    modifiedAt: modified && !Number.isNaN(modified.getTime()) ? modified : null,
  };
}

function etagChangeKey(event: Event): string | null {
  const etag = (event as { "@odata.etag"?: string })["@odata.etag"];
  const match = etag ? /^W\/"(.*)"$/.exec(etag) : null;
  return match?.[1] ?? null;
}
