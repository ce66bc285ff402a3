import { ResponseType, type Client, type GraphRequest, type PageCollection } from "@microsoft/microsoft-graph-client";
import type { Event } from "@microsoft/microsoft-graph-types";
import { CALENDAR_PREFER } from "./calendar-prefer";
import type { ConnectionAccessToken } from "./connection-access-token";
import {
  DELTA_PAGE_SIZE,
  eventReadSteps,
  MAX_PAGES_PER_ROUND,
  RunawayPagingError,
  VIEW_PAGE_SIZE,
  type DeltaPage,
  type DeltaPageItem,
  type DeltaStart,
} from "./calendar-reads";
import { errorForGraphFailure, GraphThrottledError, isGraphNotFound, typedGraphError } from "./errors";
import { sendGraph } from "./graph-send";
import { originalError } from "./sdk-client";
import { MailboxSlots } from "./mailbox-gate";
import { MAILBOX_CONCURRENCY } from "./mailbox-limiter";
import type { GraphRequestCounter } from "./request-counter";

export type CalendarWindow = { start: Date; end: Date };

/** microsoft-graph-types 2.x lacks `transactionId`, which Graph v1.0 accepts on event creation. */
export type NewEvent = Event & { transactionId: string };

/** One request of a `$batch`; `url` is relative to the version root (`/me/events`, no `/v1.0`). */
export type BatchStep = {
  id: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  dependsOn?: string[];
};
export type BatchAnswer = { id: string; status: number; headers: Record<string, string>; body?: unknown };

/** Graph's limit per `$batch` (reference §7). */
export const MAX_BATCH_STEPS = 20;

/**
 * One connection's calendar through Graph, kept thin: each method is one call shape. Every call
 * sends CALENDAR_PREFER, goes through the mailbox limiter and the retry policy (see sdk-client.ts),
 * and fails with the typed errors of errors.ts. A 401 gets one fresh token from the token endpoint
 * and one replay (Graph rejected it unread, so even a POST cannot be duplicated); a second 401 means
 * the grant is gone: ReconnectRequiredError.
 */
export class GraphCalendarClient {
  constructor(
    readonly connectionId: string,
    private readonly sdk: Client,
    private readonly token: ConnectionAccessToken,
    private readonly counter: GraphRequestCounter,
  ) {}

  /** HTTP requests this client sent, retries included. */
  get requestCount(): number {
    return this.counter.requests;
  }

  /** Occurrences, exceptions and single events overlapping the window, every page followed. */
  async listCalendarView(window: CalendarWindow, options: { pageSize?: number } = {}): Promise<Event[]> {
    let page = await this.send<PageCollection>("/me/calendarView", (r) =>
      r
        .query(windowQuery(window))
        .top(options.pageSize ?? 50)
        .get(),
    );
    const events = [...(page.value as Event[])];
    for (let next = page["@odata.nextLink"]; next; next = page["@odata.nextLink"]) {
      // Followed verbatim (reference §2); the SDK takes the host and version from the absolute link.
      page = await this.send<PageCollection>(next, (r) => r.get());
      events.push(...(page.value as Event[]));
    }
    return events;
  }

  /**
   * One calendarView/delta round, page by page (reference §3): from a window (a baseline round) or
   * from a stored deltaLink (or a 410's `Location`), following every nextLink verbatim until the
   * page that carries the deltaLink. `$select` is not supported on delta, so whole events come back;
   * never use it for a Full Private Mode connection. An expired token is a SyncStateGoneError
   * (`isSyncStateGone`, with Graph's `Location` as `restartLink` when sent). Nothing a round yields
   * may be applied before its last page arrived.
   */
  async *calendarViewDelta(
    from: DeltaStart,
    options: { pageSize?: number; maxPages?: number } = {},
  ): AsyncGenerator<DeltaPage> {
    const prefer = `odata.maxpagesize=${options.pageSize ?? DELTA_PAGE_SIZE}`;
    let page =
      "window" in from
        ? await this.send<PageCollection>(
            "/me/calendarView/delta",
            (r) => r.query(windowQuery(from.window)).get(),
            prefer,
          )
        : await this.send<PageCollection>(from.deltaLink, (r) => r.get(), prefer);
    for (let pages = 1; ; pages++) {
      const next = page["@odata.nextLink"] as string | undefined;
      const deltaLink = (page["@odata.deltaLink"] as string | undefined) ?? null;
      yield { items: page.value as DeltaPageItem[], deltaLink: next ? null : deltaLink };
      if (!next) {
        if (!deltaLink) throw new RunawayPagingError(pages); // a round must end with a deltaLink
        return;
      }
      if (pages >= (options.maxPages ?? MAX_PAGES_PER_ROUND)) throw new RunawayPagingError(pages);
      page = await this.send<PageCollection>(next, (r) => r.get(), prefer);
    }
  }

  /**
   * calendarView with `$select` (Full Private Mode: times and flags only, reference §2), every page
   * followed. `expand` adds `$expand=singleValueExtendedProperties($filter=id eq '…')` so our own
   * entries are recognised without asking for any content.
   */
  async calendarViewSelect(
    window: CalendarWindow,
    select: readonly string[],
    options: { expand?: string; pageSize?: number; maxPages?: number } = {},
  ): Promise<Event[]> {
    const query: Record<string, string> = { ...windowQuery(window), $select: select.join(",") };
    if (options.expand) query.$expand = options.expand;
    let page = await this.send<PageCollection>("/me/calendarView", (r) =>
      r
        .query(query)
        .top(options.pageSize ?? VIEW_PAGE_SIZE)
        .get(),
    );
    const events = [...(page.value as Event[])];
    for (let pages = 1, next = page["@odata.nextLink"]; next; pages++, next = page["@odata.nextLink"]) {
      if (pages >= (options.maxPages ?? MAX_PAGES_PER_ROUND)) throw new RunawayPagingError(pages);
      page = await this.send<PageCollection>(next, (r) => r.get());
      events.push(...(page.value as Event[]));
    }
    return events;
  }

  /**
   * Events by id with one `$select`, 20 to a `$batch` (reference §7): a Full Private Mode
   * notification re-reads only the changed ids. Null for an id Graph no longer has (404). Throttled
   * sub-requests (Outlook runs 4 at once, §7) are sent again after their `Retry-After`, a few times;
   * any other failure is thrown as the typed error, so a partial read is never taken for the whole.
   */
  async eventsByIds(
    ids: readonly string[],
    select: readonly string[],
    options: { expand?: string; attempts?: number } = {},
  ): Promise<Map<string, Event | null>> {
    const found = new Map<string, Event | null>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += MAX_BATCH_STEPS) {
      let pending = unique.slice(i, i + MAX_BATCH_STEPS);
      for (let attempt = 1; pending.length > 0; attempt++) {
        const answers = await this.batch(eventReadSteps(pending, select, options.expand));
        const throttled: { id: string; error: GraphThrottledError }[] = [];
        answers.forEach((answer, k) => {
          const id = pending[k]!;
          const error = batchAnswerError(answer);
          if (!error) found.set(id, answer.body as Event);
          else if (isGraphNotFound(error)) found.set(id, null);
          else if (error instanceof GraphThrottledError) throttled.push({ id, error });
          else throw error;
        });
        if (throttled.length > 0 && attempt >= (options.attempts ?? 3)) throw throttled[0]!.error;
        if (throttled.length > 0) await wait(Math.max(...throttled.map((t) => t.error.retryAfterMs)));
        pending = throttled.map((t) => t.id);
      }
    }
    return found;
  }

  /**
   * Events of the whole mailbox carrying a single-value extended property with this value
   * (reference §5: value compared case-insensitively, the `Name` in the id case-sensitively), with
   * the property expanded. How a lost Outlook id is found again, and how our entries are found for
   * removal. Filter values are URL-encoded here: the SDK sends query values as given.
   */
  async findEventsByExtendedProperty(propertyId: string, value: string): Promise<Event[]> {
    const { filter, expand } = extendedPropertyQuery(propertyId, value);
    let page = await this.send<PageCollection>("/me/events", (r) =>
      r.filter(encodeURIComponent(filter)).expand(encodeURIComponent(expand)).select("id").top(50).get(),
    );
    const events = [...(page.value as Event[])];
    for (let next = page["@odata.nextLink"]; next; next = page["@odata.nextLink"]) {
      page = await this.send<PageCollection>(next, (r) => r.get());
      events.push(...(page.value as Event[]));
    }
    return events;
  }

  /**
   * Every event of the whole mailbox carrying the single-value extended property `propertyId`, whatever its
   * value (reference §5), every page followed: Removal's sweep of the entries we created, including ones our
   * own table lost track of. Only ids are asked for (with `withValue`, the property's value too): never a subject
   * or a time, which Full Private Mode must not read (issue 22).
   */
  async findEventsWithExtendedProperty(
    propertyId: string,
    options: { pageSize?: number; maxPages?: number; withValue?: boolean } = {},
  ): Promise<Event[]> {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq ${odataString(propertyId)})`;
    // `withValue`: each event's value of the property too (Push adopts entries by it).
    const expand = `singleValueExtendedProperties($filter=id eq ${odataString(propertyId)})`;
    let page = await this.send<PageCollection>("/me/events", (r) => {
      const request = r
        .filter(encodeURIComponent(filter))
        .select("id")
        .top(options.pageSize ?? 50);
      return (options.withValue ? request.expand(encodeURIComponent(expand)) : request).get();
    });
    const events = [...(page.value as Event[])];
    for (let pages = 1, next = page["@odata.nextLink"]; next; pages++, next = page["@odata.nextLink"]) {
      if (pages >= (options.maxPages ?? MAX_PAGES_PER_ROUND)) throw new RunawayPagingError(pages);
      page = await this.send<PageCollection>(next, (r) => r.get());
      events.push(...(page.value as Event[]));
    }
    return events;
  }

  /** Never retried here: on a timeout or 429 the caller retries with the same `transactionId`. */
  createEvent(event: NewEvent): Promise<Event> {
    return this.send<Event>("/me/events", (r) => r.post(event));
  }

  /** Through the default calendar, so an entry in Deleted Items is 404 (calendarEventPath). */
  updateEvent(id: string, changes: Event, options: { ifMatch?: string } = {}): Promise<Event> {
    return this.send<Event>(calendarEventPath(id), (r) => withIfMatch(r, options.ifMatch).patch(changes));
  }

  async deleteEvent(id: string, options: { ifMatch?: string } = {}): Promise<void> {
    await this.send<unknown>(`/me/events/${encodeURIComponent(id)}`, (r) => withIfMatch(r, options.ifMatch).delete());
  }

  /**
   * Sends up to 20 requests in one `$batch` (a POST, so never retried). Each answer keeps its own
   * status: `batchAnswerError` turns a failed one into the typed error (a 429 inside a 200 batch
   * included). The batch holds as many mailbox slots as sub-requests Outlook runs at once. A lone
   * write (a booking's one entry) is sent as the request itself, answered the same way: the
   * envelope would only add a round of batch processing to the one request.
   */
  async batch(steps: BatchStep[]): Promise<BatchAnswer[]> {
    if (steps.length === 0) return [];
    if (steps.length > MAX_BATCH_STEPS)
      throw new RangeError(`A $batch holds at most ${MAX_BATCH_STEPS} requests, not ${steps.length}`);
    const [only] = steps;
    if (steps.length === 1 && only!.method !== "GET" && !only!.dependsOn?.length) return [await this.alone(only!)];
    const requests = steps.map((step) => ({
      ...step,
      headers: {
        Prefer: CALENDAR_PREFER,
        ...(step.body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...step.headers,
      },
    }));
    const slots = new MailboxSlots(parallelSubRequests(steps), steps.length);
    const answer = await this.send<{ responses: BatchAnswer[] }>("/$batch", (r) =>
      r.middlewareOptions([slots]).post({ requests }),
    );
    const byId = new Map(answer.responses.map((a) => [a.id, a]));
    return steps.map((step) => byId.get(step.id) ?? { id: step.id, status: 0, headers: {} });
  }

  /**
   * One batch step as its own request, its answer as a `$batch` answer (an error status is returned,
   * not thrown); a 401 gets a fresh token and one replay, as every call does.
   */
  private async alone(step: BatchStep): Promise<BatchAnswer> {
    for (let replayed = false; ; replayed = true) {
      let response: Response;
      try {
        const request = this.sdk
          .api(step.url)
          .header("Prefer", CALENDAR_PREFER)
          .headers(step.headers ?? {})
          .responseType(ResponseType.RAW);
        response = (await (step.method === "POST"
          ? request.post(step.body)
          : step.method === "PATCH"
            ? request.patch(step.body)
            : request.delete())) as Response;
      } catch (thrown) {
        throw typedGraphError(originalError(thrown), Date.now());
      }
      if (response.status === 401 && !replayed) {
        await this.token.refresh();
        continue;
      }
      const text = await response.text();
      return {
        id: step.id,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        ...(text ? { body: parseJson(text) } : {}),
      };
    }
  }

  private send<T>(path: string, call: (request: GraphRequest) => Promise<T>, prefer?: string): Promise<T> {
    return sendGraph(this.sdk, this.token, path, call, prefer);
  }
}

/** A failed `$batch` answer as the typed error the same call would have thrown alone; null on success. */
export function batchAnswerError(answer: BatchAnswer, nowMs = Date.now()): Error | null {
  if (answer.status >= 200 && answer.status < 300) return null;
  const body = answer.body as
    { error?: { code?: string; message?: string; innerError?: { "request-id"?: string } } } | undefined;
  const header = (name: string) =>
    Object.entries(answer.headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
  return errorForGraphFailure(
    {
      status: answer.status,
      code: body?.error?.code ?? null,
      message: body?.error?.message ?? "",
      requestId: body?.error?.innerError?.["request-id"] ?? header("request-id"),
      retryAfter: header("retry-after"),
    },
    nowMs,
  );
}

/** A chain (each step depending on the one before) runs one at a time; otherwise up to 4 at once. */
function parallelSubRequests(steps: BatchStep[]): number {
  const chained = steps.every((step, i) => i === 0 || (step.dependsOn?.length ?? 0) > 0);
  return chained ? 1 : Math.min(MAILBOX_CONCURRENCY, steps.length);
}

/**
 * An event addressed through the default calendar, where our entries are created (`POST /me/events`).
 * An item the user deleted keeps its immutable id in Deleted Items (reference §4.3), readable and
 * patchable through `/me/events/{id}`; through the calendar it is not found, which is what "still in
 * the calendar" means for Push.
 */
export function calendarEventPath(id: string): string {
  return `/me/calendar/events/${encodeURIComponent(id)}`;
}

/** The `$filter` and `$expand` that find events by a single-value extended property (reference §5). */
export function extendedPropertyQuery(propertyId: string, value: string): { filter: string; expand: string } {
  const idClause = `ep/id eq ${odataString(propertyId)}`;
  return {
    filter: `singleValueExtendedProperties/Any(ep: ${idClause} and ep/value eq ${odataString(value)})`,
    expand: `singleValueExtendedProperties($filter=id eq ${odataString(propertyId)})`,
  };
}

/** An OData string literal: single quotes doubled inside. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function windowQuery(window: CalendarWindow): Record<string, string> {
  return { startDateTime: window.start.toISOString(), endDateTime: window.end.toISOString() };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withIfMatch(request: GraphRequest, etag: string | undefined): GraphRequest {
  return etag ? request.header("If-Match", etag) : request;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
